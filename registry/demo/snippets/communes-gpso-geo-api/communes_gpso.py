#!/usr/bin/env python3
"""Écrit sur la sortie standard le CSV des communes de GPSO (geo.api.gouv.fr)."""
import csv
import json
import sys
import urllib.request

API = "https://geo.api.gouv.fr/communes/{code}?fields=nom,code,siren,codesPostaux,population,codeEpci"

# Codes INSEE des huit communes de Grand Paris Seine Ouest
GPSO = ["92012", "92022", "92040", "92047", "92048", "92072", "92075", "92077"]


def commune(code: str) -> dict:
    req = urllib.request.Request(API.format(code=code), headers={"Accept": "application/json"})
    with urllib.request.urlopen(req, timeout=20) as r:
        return json.load(r)


def main():
    w = csv.writer(sys.stdout)
    w.writerow(["code_insee", "nom", "siren", "codes_postaux", "population", "code_epci"])
    total = 0
    for code in GPSO:
        c = commune(code)
        total += c.get("population", 0)
        w.writerow([c["code"], c["nom"], c.get("siren", ""), " ".join(c.get("codesPostaux", [])),
                    c.get("population", ""), c.get("codeEpci", "")])
    print(f"Population totale de GPSO : {total}", file=sys.stderr)


if __name__ == "__main__":
    main()
