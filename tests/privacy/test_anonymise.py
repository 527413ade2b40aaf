"""The anonymiser: people's names, addresses and numbers replaced by their roles."""

from network_app.privacy.anonymise import Anonymiser


def test_anonymiser_prefers_the_longest_then_the_first_added_name_and_forgets_nothing_added():
    anonymiser = Anonymiser()
    assert anonymiser.text("Olle Egens förslag") == "Olle Egens förslag"
    anonymiser.add("ordföranden", name="Olle Egen")
    anonymiser.add("revisorn", name="Olle Egens")
    anonymiser.add("sekreteraren", name="Olle Egen Berg")
    # Added after a text was anonymised: the text is anonymised again, not taken from before.
    assert anonymiser.text("Olle Egens förslag") == "ordförandens förslag"
    assert anonymiser.text("Olle Egen Berg och Olle Egen") == "sekreteraren och ordföranden"
    assert anonymiser.text("Olle  -  Egen") == "ordföranden"
    assert anonymiser.text("Olle, Egen") == "Olle, Egen"
