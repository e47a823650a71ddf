"""One address for every page type the public sees, for the accessibility,
HTML and reflow checks; and a page's HTML as its words read."""

from publishing.hyphenation import without_soft_hyphens


def page_html(response):
    """A page's HTML without the soft hyphens that long words get for narrow
    boxes (publishing.hyphenation): what to look for words in."""
    content = getattr(response, "content", response)
    if isinstance(content, bytes):
        content = content.decode()
    return without_soft_hyphens(content).replace("&shy;", "")


PAGE_TYPES = {
    "start": "/",
    "audience": "/for/offentliga-aktorer/",
    "instrument list": "/instrument/",
    "instrument": "/instrument/sociala-utfallskontrakt/",
    "comparison": "/instrument/jamfor/",
    "fund instrument": "/instrument/social-investeringsfond/",
    "chooser": "/instrument/valj/",
    "chooser answer": "/instrument/valj/?kapital=nej&ideburen=ja&risk=offentliga&tid=lang",
    "chooser error": "/instrument/valj/?kapital=kanske",
    "statistics": "/statistik/",
    "glossary": "/begrepp/",
    "reading list": "/lastips/",
    "insight list": "/insikter/",
    "insight": "/insikter/interna-strukturer-i-det-offentliga/",
    "ways forward": "/vagar-framat/",
    "dialogue log": "/dialoger/",
    "case library": "/fall/",
    "filtered case library": "/fall/?instrument=sociala-utfallskontrakt&lan=01&sortering=titel",
    "case": "/fall/norrkoping-socialt-utfallskontrakt/",
    "suggestion form": "/fall/tipsa/",
    "organisations": "/aktorer/",
    "organisation": "/aktorer/norrkopings-kommun/",
    "topics": "/amnen/",
    "topic": "/amnen/forebyggande-insatser/",
    "search": "/sok/?q=utfall",
    "about": "/om/",
    "accessibility statement": "/tillganglighet/",
    "cookies": "/kakor-och-personuppgifter/",
    "open data": "/data/",
    "not found": "/finns-inte/",
    "bad request": "/fall/?kommun=%00",
    "english start": "/en/",
    "english case": "/en/fall/region-stockholm-halsoobligation/",
    "english glossary": "/en/begrepp/",
    "case comparison": (
        "/fall/jamfor/?fall=norrkoping-socialt-utfallskontrakt&fall=region-stockholm-halsoobligation"
    ),
    "case comparison picker": "/fall/jamfor/?fall=norrkoping-socialt-utfallskontrakt",
    "case comparison error": "/fall/jamfor/?fall=finns-inte&fall=orebro-sociala-investeringar",
    "calculator": (
        "/rakna/?fall=norrkoping-socialt-utfallskontrakt&investering=10+000+000&garanti=40"
        "&tak=20&utfall=50&besparing=9000000&ar=3"
    ),
    "calculator error": "/rakna/?investering=-1&garanti=120&tak=20&utfall=50&ar=3",
    "english calculator": "/en/rakna/?fall=norrkoping-socialt-utfallskontrakt",
}
