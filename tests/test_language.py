import pytest

from toneaudit.language import UnsupportedLanguage, detect


@pytest.mark.parametrize("text,lang", [
    ("Bonjour à tous, je suis ravie de vous présenter mon atelier de poterie.", "fr"),
    ("I am so happy to share my new pottery workshop with you all.", "en"),
    ("Je vous présente mon atelier.\nMade with love in Nantes", "fr"),
    ("🔥🔥🔥", "fr"),
])
def test_detects_the_dominant_language(text, lang):
    assert detect(text) == lang


def test_short_text_uses_the_default():
    assert detect("Merci !", default="en") == "en"


def test_refuses_a_clear_third_language():
    with pytest.raises(UnsupportedLanguage):
        detect("Hola a todos, estoy muy contento de presentaros nuestro nuevo producto para este verano en la tienda.")
