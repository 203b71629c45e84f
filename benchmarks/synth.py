"""Synthetic readouts for benchmarks: realistic English and French texts from the reference data.

    python benchmarks/synth.py OUT_DIR --n 10000 [--seed 7]

Each readout is a short text in the register of a foreign ministry: a
meeting, talks, a phone call, a video call, a message or a visit between
officials of two states, on a date in 2005-2025, with titles the officials held
then (from `data/ref/officials.yaml`, or plausible ones for their state), a
place, organisations and projects the two sides discussed, and now and then a
past or planned visit. A sidecar gives the language and the publication date.
The texts exercise the same parser paths as real readouts; they are not
meant to be read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path

from kg.refdata import refdata

EN_TITLES = {
    "head_of_state": "President", "head_of_government": "Prime Minister",
    "foreign_minister": "Foreign Minister", "deputy_foreign_minister": "Deputy Foreign Minister",
    "deputy_head_of_government": "Deputy Prime Minister",
}
FR_TITLES = {
    "head_of_state": "le président", "head_of_government": "le Premier ministre",
    "foreign_minister": "le ministre des Affaires étrangères",
    "deputy_foreign_minister": "le vice-ministre des Affaires étrangères",
    "deputy_head_of_government": "le vice-Premier ministre",
}
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
FR_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]
FR_WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
EN_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TOPICS_EN = ["trade and investment", "energy", "transport and connectivity", "security",
             "climate change", "agriculture", "education and culture", "health"]
TOPICS_FR = ["le commerce et l'investissement", "l'énergie", "les transports", "la sécurité",
             "le changement climatique", "l'agriculture", "l'éducation et la culture"]


@dataclass(frozen=True)
class Official:
    name: str
    state: str
    role: str


def _officials(rng: random.Random) -> dict[str, list[Official]]:
    """Known officials by state, with one of the roles they held."""
    by_state: dict[str, list[Official]] = {}
    for off in refdata().officials:
        if not off.state:
            continue
        roles = [o["role"] for o in off.offices if o["role"] in EN_TITLES]
        if roles:
            by_state.setdefault(off.state, []).append(Official(off.name, off.state, roles[0]))
    return {s: offs for s, offs in by_state.items() if len(offs) >= 2}


def _names(code: str) -> tuple[str, str]:
    st = refdata().states[code]
    return st.names["en"], st.names["fr"]


def _capital(code: str, rng: random.Random) -> str | None:
    cities = [c.name for c in refdata().cities if c.country == code]
    return rng.choice(cities) if cities else None


def make_readout(i: int, rng: random.Random, officials: dict[str, list[Official]]) -> tuple:
    """(text, sidecar) of synthetic readout number i."""
    s1, s2 = rng.sample(sorted(officials), 2)
    a = rng.choice(officials[s1])
    b = rng.choice([o for o in officials[s2] if o.role == a.role] or officials[s2])
    date = dt.date(2005, 1, 1) + dt.timedelta(days=rng.randrange(365 * 20))
    published = date + dt.timedelta(days=rng.choice([0, 0, 1]))
    lang = "fr" if rng.random() < 0.4 else "en"
    kind = rng.choice(["meeting", "meeting", "talks", "phone", "video", "message"])
    city = _capital(s1 if rng.random() < 0.5 else s2, rng)
    orgs = rng.sample([o.name for o in refdata().organisations[:60]], 2)
    project = rng.choice([p.name for p in refdata().projects[:60]])
    en1, fr1 = _names(s1)
    en2, fr2 = _names(s2)
    if lang == "en":
        day = f"{EN_MONTHS[date.month - 1]} {date.day}, {date.year}"
        t1, t2 = EN_TITLES[a.role], EN_TITLES[b.role]
        verb = {"meeting": "met with", "talks": "held talks with",
                "phone": "spoke by telephone with", "video": "held a video call with",
                "message": "sent a message of congratulations to"}[kind]
        where = f" in {city}" if city and kind in ("meeting", "talks") else ""
        head = f"{t1} {a.name.split()[-1]} {verb.split()[0]} {t2} of {en2}"
        lines = [
            head,
            f"On {day}, {t1} of {en1} {a.name} {verb} {t2} of {en2} {b.name}{where}.",
            f"The two sides discussed {rng.choice(TOPICS_EN)} and {rng.choice(TOPICS_EN)}, "
            f"and agreed to strengthen cooperation within the {orgs[0]} and the {orgs[1]}.",
            f"{a.name.split()[-1]} said {en1} was ready to work with {en2} on the "
            f"{project}.",
        ]
        if rng.random() < 0.3:
            month = EN_MONTHS[rng.randrange(12)]
            lines.append(f"{b.name} will pay an official visit to {en1} in {month}.")
        if rng.random() < 0.3:
            lines.append(f"{EN_WEEKDAYS[published.weekday()]}'s exchange follows a meeting "
                         f"of the two ministers last year.")
    else:
        day = f"{date.day} {FR_MONTHS[date.month - 1]} {date.year}"
        t1, t2 = FR_TITLES[a.role], FR_TITLES[b.role]
        verb = {"meeting": "a rencontré", "talks": "s'est entretenu avec",
                "phone": "s'est entretenu par téléphone avec",
                "video": "s'est réuni par visioconférence avec",
                "message": "a adressé un message de félicitations à"}[kind]
        where = f" à {city}" if city and kind in ("meeting", "talks") else ""
        lines = [
            f"{a.name} {verb.split()[-1]} {b.name}",
            f"Le {day}, {t1} de {fr1}, {a.name}, {verb} {t2} de {fr2}, {b.name}{where}.",
            f"Les deux parties ont évoqué {rng.choice(TOPICS_FR)} et ont convenu de renforcer "
            f"leur coopération au sein de {orgs[0]}.",
            f"{a.name.split()[-1]} a souligné l'importance du projet {project} pour les deux "
            f"pays, {FR_WEEKDAYS[published.weekday()]}.",
        ]
        if rng.random() < 0.3:
            lines.append(f"{b.name} se rendra en visite officielle en {fr1} en "
                         f"{FR_MONTHS[rng.randrange(12)]}.")
    meta = {"id": f"synth-{i:06d}", "lang": lang, "published": published.isoformat(),
            "publisher": f"Ministry of Foreign Affairs of {en1}", "title": lines[0],
            "url": None, "origin": "synthetic"}
    return "\n".join(lines) + "\n", meta


def generate(out: Path, n: int, seed: int = 7) -> list[Path]:
    """Write n synthetic readouts (and sidecars) under out/, 1,000 per sub-folder."""
    rng = random.Random(seed)
    officials = _officials(rng)
    paths = []
    for i in range(n):
        text, meta = make_readout(i, rng, officials)
        folder = out / f"{i // 1000:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"synth-{i:06d}.txt"
        path.write_text(text, encoding="utf-8")
        (folder / f"synth-{i:06d}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description="Write synthetic readouts for the benchmarks.")
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    generate(args.out, args.n, args.seed)
    print(f"wrote {args.n} readouts under {args.out}")


if __name__ == "__main__":
    main()
