"""A dozen sample films with reviews, for `filmjournal demo`, screenshots and tests.

Titles, years, runtimes, certifications, genres and directors are public facts; every synopsis
and review is written for this journal.
"""

from __future__ import annotations

from datetime import date

from filmjournal.core.models import FilmInput, ReviewInput
from filmjournal.storage import FilmStore

# title, year, certification, runtime, genres, directors, synopsis
FILMS: list[tuple[str, int, str, int, tuple[str, ...], tuple[str, ...], str]] = [
    (
        "Heat",
        1995,
        "R",
        170,
        ("Crime", "Thriller"),
        ("Michael Mann",),
        "A meticulous thief plans one last score while an obsessive detective closes in; the two "
        "men understand each other better than anyone in their own lives.",
    ),
    (
        "Her",
        2013,
        "R",
        126,
        ("Drama", "Romance", "Sci-Fi"),
        ("Spike Jonze",),
        "A lonely man who writes other people's love letters falls for the voice of his new "
        "operating system, and has to work out what their love is made of.",
    ),
    (
        "Spirited Away",
        2001,
        "PG",
        125,
        ("Animation", "Fantasy"),
        ("Hayao Miyazaki",),
        "A sulky ten-year-old wanders into a bathhouse for spirits and must work there to free her "
        "parents, who have been turned into pigs.",
    ),
    (
        "Alien",
        1979,
        "R",
        117,
        ("Horror", "Sci-Fi"),
        ("Ridley Scott",),
        "The crew of a cargo ship answer a distress call on a dead planet and bring something "
        "back aboard that starts picking them off one by one.",
    ),
    (
        "Paddington 2",
        2017,
        "PG",
        103,
        ("Comedy", "Family"),
        ("Paul King",),
        "A polite bear is framed for stealing a pop-up book and sent to prison, where marmalade "
        "sandwiches slowly win the inmates over.",
    ),
    (
        "Parasite",
        2019,
        "R",
        132,
        ("Drama", "Thriller"),
        ("Bong Joon-ho",),
        "A family living in a semi-basement talk their way, one job at a time, into the household "
        "of a wealthy family, until a secret in the cellar changes everything.",
    ),
    (
        "In the Mood for Love",
        2000,
        "PG",
        98,
        ("Drama", "Romance"),
        ("Wong Kar-wai",),
        "In 1960s Hong Kong two neighbours discover their spouses are having an affair and slowly, "
        "carefully, refuse to become the same.",
    ),
    (
        "Mad Max: Fury Road",
        2015,
        "R",
        120,
        ("Action", "Sci-Fi"),
        ("George Miller",),
        "A war rig flees across the desert carrying five escaped wives, with a warlord's whole "
        "army roaring after it.",
    ),
    (
        "Amélie",
        2001,
        "R",
        122,
        ("Comedy", "Romance"),
        ("Jean-Pierre Jeunet",),
        "A shy Parisian waitress decides to quietly improve the lives of the people around her, "
        "and nearly forgets to improve her own.",
    ),
    (
        "The Thing",
        1982,
        "R",
        109,
        ("Horror", "Mystery"),
        ("John Carpenter",),
        "At an Antarctic research station, a creature that can imitate any living thing leaves "
        "twelve men unsure who among them is still human.",
    ),
    (
        "Tokyo Story",
        1953,
        "",
        136,
        ("Drama",),
        ("Yasujirō Ozu",),
        "An elderly couple travel to Tokyo to visit their grown children, who are too busy to "
        "make much time for them.",
    ),
    (
        "Arrival",
        2016,
        "PG-13",
        116,
        ("Drama", "Sci-Fi"),
        ("Denis Villeneuve",),
        "A linguist is asked to talk to the visitors in the ships hovering over Earth, and "
        "learning their language changes how she experiences time.",
    ),
]

# title, author, rating, watched, rewatch, tags, text
WATCHLIST: list[tuple[str, int, str, int, tuple[str, ...], tuple[str, ...], str]] = [
    (
        "Perfect Days",
        2023,
        "PG",
        124,
        ("Drama",),
        ("Wim Wenders",),
        "A man who cleans Tokyo's public toilets finds his days full: cassettes, paperbacks and "
        "the light through the trees.",
    ),
    (
        "Past Lives",
        2023,
        "PG-13",
        106,
        ("Drama", "Romance"),
        ("Celine Song",),
        "Two childhood friends meet again in New York after twenty years, and one long evening.",
    ),
    (
        "Aftersun",
        2022,
        "R",
        102,
        ("Drama",),
        ("Charlotte Wells",),
        "A woman looks back at a holiday with her young father, and at what she did not see.",
    ),
]
"""Films on the demo's watchlist, not yet seen."""

REVIEWS: list[tuple[str, str, int | None, date, bool, tuple[str, ...], str]] = [
    (
        "Heat",
        "sam",
        9,
        date(2019, 11, 2),
        False,
        ("crime", "la"),
        "The diner scene is two actors at the top of their game doing almost nothing, and it is "
        "electric.\n\nThe **bank shoot-out** still sounds like nothing else on film.",
    ),
    (
        "Heat",
        "sam",
        10,
        date(2024, 6, 15),
        True,
        ("crime", "rewatch"),
        "Better every time. This time I noticed how lonely every single character is: the "
        "heist plot is just the frame around it.",
    ),
    (
        "Heat",
        "alex",
        8,
        date(2024, 6, 15),
        False,
        (),
        "Long, but I never checked my watch. Val Kilmer is underrated in this.",
    ),
    (
        "Her",
        "sam",
        8,
        date(2021, 2, 14),
        False,
        ("romance",),
        "Warm colours, high-waisted trousers, and a surprisingly kind film about growing apart.",
    ),
    (
        "Spirited Away",
        "sam",
        10,
        date(2022, 8, 1),
        False,
        ("animation", "ghibli"),
        "Every frame has something alive in the corner. The train across the water is one of "
        "the calmest scenes I know.\n\n- No-Face\n- the radish spirit\n- the boiler man's arms",
    ),
    (
        "Alien",
        "alex",
        9,
        date(2023, 10, 31),
        False,
        ("horror",),
        "Takes its time, then never lets go. The ship feels like a real, greasy workplace.",
    ),
    (
        "Paddington 2",
        "alex",
        9,
        date(2020, 12, 24),
        True,
        ("comfort",),
        "Impossible to watch without smiling. Hugh Grant is having the time of his life.",
    ),
    (
        "Parasite",
        "sam",
        9,
        date(2020, 2, 20),
        False,
        ("thriller",),
        "Changes genre three times and lands every one. The rain sequence is devastating.",
    ),
    (
        "In the Mood for Love",
        "sam",
        9,
        date(2023, 3, 4),
        False,
        ("romance",),
        "Corridors, noodles, the same waltz over and over. Restraint as a kind of heartbreak.",
    ),
    (
        "Mad Max: Fury Road",
        "alex",
        8,
        date(2015, 5, 20),
        False,
        ("action",),
        "Two hours of one chase and I was never lost. The guitar guy deserves his own film.",
    ),
    (
        "The Thing",
        "sam",
        7,
        date(2018, 10, 13),
        False,
        ("horror",),
        "The blood test scene had the whole room holding its breath.",
    ),
    (
        "Arrival",
        "sam",
        8,
        date(2016, 11, 12),
        False,
        ("sci-fi",),
        "A first-contact film where the big action is learning to write. Quietly enormous.",
    ),
]


def seed_demo(store: FilmStore) -> None:
    """Fill `store` with the sample films and reviews, in one transaction."""
    with store.db.atomic():
        ids: dict[str, int] = {}
        for wanted, films in ((False, FILMS), (True, WATCHLIST)):
            for title, year, certification, runtime, genres, directors, synopsis in films:
                film = store.add_film(
                    FilmInput(
                        title=title,
                        year=year,
                        certification=certification,
                        runtime_minutes=runtime,
                        genres=genres,
                        directors=directors,
                        synopsis=synopsis,
                    )
                )
                ids[title] = film.id
                if wanted:
                    store.set_watchlist(film.id, True)
        for title in ("Paddington 2", "Spirited Away", "Amélie", "Perfect Days"):
            store.add_to_list(ids[title], "Rainy Sundays")
        for title, author, rating, watched, rewatch, tags, text in REVIEWS:
            store.add_review(
                ids[title],
                ReviewInput(
                    author=author,
                    rating=rating,
                    text=text,
                    watched_on=watched,
                    rewatch=rewatch,
                    tags=tags,
                ),
            )
