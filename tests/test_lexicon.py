"""The lexicons load, compose titles and reach jieba."""
from kg.extraction import lexicon, segment


def test_titles_compose_levels_and_organization_split():
    titles = lexicon.load().titles
    assert titles["区委副书记"].org_end == 2          # 区委 | 副书记
    assert titles["县长"].implied_org == "县政府"
    assert titles["常务副市长"].implied_org == "市政府"
    assert "{L}" not in "".join(titles)


def test_title_regex_prefers_the_longest_title():
    match = lexicon.patterns().title.search("常务副市长钱小川")
    assert match.group() == "常务副市长"


def test_suffixes_kinds_and_levels():
    lex = lexicon.load()
    assert lex.org_suffixes["局"][0] == "government"
    assert lex.org_suffixes["科"] == ("other", True)
    assert lex.place_suffixes["街道"] == "town"
    assert lex.triggers["主持召开"].predicate == "CHAIRED"
    assert lex.triggers["带领"].strong is False


def test_honorifics_are_not_identifiable():
    assert lexicon.is_honorific("钱同志")
    assert lexicon.is_honorific("老钱")
    assert not lexicon.is_honorific("钱小川")


def test_jieba_keeps_registered_titles_whole():
    words = [t.word for t in segment.tokens("常务副市长钱小川出席座谈会")]
    assert "常务副市长" in words and "座谈会" in words


def test_tokens_carry_offsets():
    text = "区委书记钱小川强调"
    assert all(text[t.start:t.end] == t.word for t in segment.tokens(text))
