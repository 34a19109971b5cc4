"""The agenda links a name only where it stands as whole words: the find loop that does it
(present/links.py `_whole`) agrees with the regular expression it replaced for speed."""

import re

from hypothesis import given
from hypothesis import strategies as st

from vaultkit.present.links import _whole

TEXT = st.text(alphabet="ab _-é1(.\u00a0中", max_size=16)
NAME = st.text(alphabet="ab _-é1(.中", min_size=1, max_size=4)


@given(TEXT, NAME)
def test_whole_words_as_the_regular_expression_finds_them(text, name):
    expected = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)]
    assert _whole(text, name) == expected


def test_a_name_inside_a_longer_word_is_not_found():
    assert _whole("Janet met Jane, and Jane_Doe", "Jane") == [(10, 14)]
