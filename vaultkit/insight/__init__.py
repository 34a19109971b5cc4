"""Insight into the network: figures (stats) and ties (graph), as pure functions over rows
read from the index; imports nothing of vaultkit but the model and the notes' values."""
