#!/usr/bin/env python3
"""Récupère les enregistrements d'un jeu de données Opendatasoft (API Explore v2.1).

Usage :
    python ods_records.py DOMAINE JEU [--where ODSQL] [--select CHAMPS] [--export csv|json]

Exemples :
    python ods_records.py data.seineouest.fr point-de-collecte-enterree --where "commune = 'MEUDON'" > pav_meudon.json
    python ods_records.py data.seineouest.fr bornes-fontaines --export csv > bornes-fontaines.csv
"""
import argparse
import json
import sys

import requests

PAGE = 100          # maximum accepté par /records
PLAFOND = 10_000    # offset + limit ne peut pas dépasser cette valeur sur /records


def base_url(domaine: str, jeu: str) -> str:
    return f"https://{domaine}/api/explore/v2.1/catalog/datasets/{jeu}"


def enregistrements(domaine, jeu, where=None, select=None, session=None):
    """Itère sur les enregistrements, page par page."""
    session = session or requests.Session()
    offset = 0
    while offset < PLAFOND:
        params = {"limit": min(PAGE, PLAFOND - offset), "offset": offset}
        if where:
            params["where"] = where
        if select:
            params["select"] = select
        r = session.get(f"{base_url(domaine, jeu)}/records", params=params, timeout=30)
        r.raise_for_status()
        page = r.json()
        resultats = page.get("results", [])
        yield from resultats
        offset += len(resultats)
        if not resultats or offset >= page.get("total_count", 0):
            return
    print(f"Attention : plus de {PLAFOND} lignes, utilisez --export.", file=sys.stderr)


def exporter(domaine, jeu, fmt, where=None, select=None):
    """Télécharge le jeu complet par l'endpoint d'export (sans limite de lignes)."""
    params = {}
    if where:
        params["where"] = where
    if select:
        params["select"] = select
    if fmt == "csv":
        params["delimiter"] = ";"
    r = requests.get(f"{base_url(domaine, jeu)}/exports/{fmt}", params=params, timeout=120)
    r.raise_for_status()
    sys.stdout.buffer.write(r.content)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("domaine", help="ex. data.seineouest.fr")
    p.add_argument("jeu", help="identifiant du jeu de données")
    p.add_argument("--where", help="filtre ODSQL, ex. \"commune = 'MEUDON'\"")
    p.add_argument("--select", help="champs à garder, ex. \"nom, commune\"")
    p.add_argument("--export", choices=["csv", "json"], help="passer par l'export complet")
    a = p.parse_args()
    if a.export:
        exporter(a.domaine, a.jeu, a.export, a.where, a.select)
        return
    lignes = list(enregistrements(a.domaine, a.jeu, a.where, a.select))
    json.dump(lignes, sys.stdout, ensure_ascii=False, indent=2)
    print(f"{len(lignes)} enregistrements", file=sys.stderr)


if __name__ == "__main__":
    main()
