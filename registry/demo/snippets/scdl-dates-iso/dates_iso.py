#!/usr/bin/env python3
"""Réécrit des colonnes de dates (JJ/MM/AAAA, JJ/MM/AA, JJ-MM-AAAA, avec ou sans heure) en AAAA-MM-JJ.

Usage : python dates_iso.py entree.csv sortie.csv COLONNE [COLONNE...] [--sep ,]
Le fichier de sortie est en UTF-8 sans BOM, séparateur virgule, comme l'attendent les validateurs SCDL.
"""
import argparse
import csv
import re
import sys
from datetime import date

MOTIF = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[ T]\d{1,2}[:h]\d{2}(?::\d{2})?)?\s*$")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def en_iso(texte: str) -> str:
    """'27/06/2026' -> '2026-06-27' ; '' reste '' ; lève ValueError si la date est invalide."""
    if texte is None or texte.strip() == "":
        return ""
    texte = texte.strip()
    if ISO.match(texte):
        annee, mois, jour = (int(g) for g in texte.split("-"))
    else:
        m = MOTIF.match(texte)
        if not m:
            raise ValueError(f"format de date non reconnu : {texte!r}")
        jour, mois, annee = (int(g) for g in m.groups())
        if annee < 100:
            annee += 2000 if annee < 70 else 1900
    try:
        return date(annee, mois, jour).isoformat()
    except ValueError:
        raise ValueError(f"date impossible : {texte!r}") from None


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("entree")
    p.add_argument("sortie")
    p.add_argument("colonnes", nargs="+")
    p.add_argument("--sep", default=",", help="séparateur du fichier d'entrée")
    a = p.parse_args()

    erreurs = 0
    with open(a.entree, newline="", encoding="utf-8-sig") as f_in:
        lecteur = csv.DictReader(f_in, delimiter=a.sep)
        absentes = [c for c in a.colonnes if c not in (lecteur.fieldnames or [])]
        if absentes:
            sys.exit(f"colonnes absentes : {', '.join(absentes)}")
        lignes = []
        for n, ligne in enumerate(lecteur, start=2):
            for col in a.colonnes:
                try:
                    ligne[col] = en_iso(ligne[col])
                except ValueError as e:
                    erreurs += 1
                    print(f"ligne {n}, {col} : {e}", file=sys.stderr)
            lignes.append(ligne)

    with open(a.sortie, "w", newline="", encoding="utf-8") as f_out:
        w = csv.DictWriter(f_out, fieldnames=lecteur.fieldnames)
        w.writeheader()
        w.writerows(lignes)
    print(f"{len(lignes)} lignes écrites, {erreurs} date(s) à corriger", file=sys.stderr)
    sys.exit(1 if erreurs else 0)


if __name__ == "__main__":
    main()
