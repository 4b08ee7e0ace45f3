"""Country demonyms and aliases, so "Belarusian", "U.S." and "United States" meet.

A small built-in table: hashtags only need the countries news is most often
about; a gazetteer dependency would be heavier than the benefit.
"""

from __future__ import annotations

# demonym / adjective -> country name as displayed (before CamelCasing)
_PAIRS = """
Afghan:Afghanistan Albanian:Albania Algerian:Algeria Argentine:Argentina Argentinian:Argentina
Armenian:Armenia Australian:Australia Austrian:Austria Azerbaijani:Azerbaijan
Bangladeshi:Bangladesh Belarusian:Belarus Belarussian:Belarus Belgian:Belgium Bolivian:Bolivia
Bosnian:Bosnia Brazilian:Brazil Bulgarian:Bulgaria Cambodian:Cambodia Canadian:Canada
Chilean:Chile Chinese:China Colombian:Colombia Croatian:Croatia Cuban:Cuba Cypriot:Cyprus
Czech:Czechia Danish:Denmark Dutch:Netherlands Ecuadorian:Ecuador Ecuadorean:Ecuador Egyptian:Egypt
Estonian:Estonia Ethiopian:Ethiopia Finnish:Finland French:France Georgian:Georgia
German:Germany Greek:Greece Haitian:Haiti Hungarian:Hungary Icelandic:Iceland Indian:India
Indonesian:Indonesia Iranian:Iran Iraqi:Iraq Irish:Ireland Israeli:Israel Italian:Italy
Japanese:Japan Jordanian:Jordan Kazakh:Kazakhstan Kenyan:Kenya Korean:Korea Kosovan:Kosovo
Kuwaiti:Kuwait Latvian:Latvia Lebanese:Lebanon Libyan:Libya Lithuanian:Lithuania
Malaysian:Malaysia Mexican:Mexico Moldovan:Moldova Mongolian:Mongolia Moroccan:Morocco
Nepali:Nepal Nigerian:Nigeria Norwegian:Norway Pakistani:Pakistan Palestinian:Palestine
Peruvian:Peru Philippine:Philippines Filipino:Philippines Polish:Poland Portuguese:Portugal
Qatari:Qatar Romanian:Romania Russian:Russia Rwandan:Rwanda Saudi:Saudi_Arabia Serbian:Serbia
Singaporean:Singapore Slovak:Slovakia Slovenian:Slovenia Somali:Somalia Spanish:Spain
Sudanese:Sudan Swedish:Sweden Swiss:Switzerland Syrian:Syria Taiwanese:Taiwan Thai:Thailand
Tunisian:Tunisia Turkish:Turkey Ukrainian:Ukraine Emirati:UAE Uzbek:Uzbekistan
Venezuelan:Venezuela Vietnamese:Vietnam Yemeni:Yemen Zimbabwean:Zimbabwe
American:US British:Britain European:Europe Scottish:Scotland Welsh:Wales
"""

# Spelling variants and acronyms of one place/organisation -> one display form.
_ALIASES = {
    "u.s.": "US",
    "u.s": "US",
    "us": "US",
    "usa": "US",
    "u.s.a.": "US",
    "united states": "US",
    "united states of america": "US",
    "america": "US",
    "u.k.": "Britain",
    "uk": "Britain",
    "united kingdom": "Britain",
    "great britain": "Britain",
    "e.u.": "EU",
    "eu": "EU",
    "european union": "EU",
    "u.n.": "UN",
    "un": "UN",
    "united nations": "UN",
    "uae": "UAE",
    "united arab emirates": "UAE",
    "kyiv": "Kyiv",
    "kiev": "Kyiv",
    "czech republic": "Czechia",
    "south korea": "South Korea",
    "north korea": "North Korea",
}

DEMONYMS: dict[str, str] = {
    demonym.lower(): country.replace("_", " ")
    for demonym, country in (pair.split(":") for pair in _PAIRS.split())
}
# Plurals ("Russians", "Ukrainians") name the people of the same place.
DEMONYMS.update(
    {f"{k}s": v for k, v in list(DEMONYMS.items()) if not k.endswith(("sh", "ch", "se", "i", "s"))}
)


def canonical_place(phrase: str) -> str | None:
    """The canonical form of a country alias or demonym, or None when not one."""
    low = phrase.lower()
    return _ALIASES.get(low) or DEMONYMS.get(low)


def is_demonym(word: str) -> bool:
    return word.lower() in DEMONYMS


_COUNTRIES = {country.lower(): country for country in DEMONYMS.values()}


def country_name(phrase: str) -> str | None:
    """The canonical name when ``phrase`` names a country or union itself (not a demonym)."""
    low = phrase.lower()
    return _ALIASES.get(low) or _COUNTRIES.get(low)
