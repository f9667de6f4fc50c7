#!/usr/bin/env python3
"""Ajoute latitude et longitude (WGS 84) à un CSV dont les colonnes x et y sont en Lambert-93.

Usage : python l93_vers_wgs84.py entree.csv sortie.csv [--sep ';'] [--x x] [--y y]
"""
import argparse
import csv

from pyproj import Transformer

# EPSG:2154 (RGF93 / Lambert-93) vers EPSG:4326 (WGS 84), axes dans l'ordre x=longitude, y=latitude
L93_VERS_WGS84 = Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True)


def nombre(texte: str) -> float:
    """Lit un nombre écrit avec une virgule ou un point décimal."""
    return float(texte.strip().replace("\u00a0", "").replace(" ", "").replace(",", "."))


def convertir(entree, sortie, sep=";", col_x="x", col_y="y"):
    with open(entree, newline="", encoding="utf-8-sig") as f_in, \
         open(sortie, "w", newline="", encoding="utf-8") as f_out:
        lecteur = csv.DictReader(f_in, delimiter=sep)
        champs = list(lecteur.fieldnames or []) + ["latitude", "longitude"]
        ecrivain = csv.DictWriter(f_out, fieldnames=champs, delimiter=sep)
        ecrivain.writeheader()
        n = 0
        for ligne in lecteur:
            if ligne.get(col_x) and ligne.get(col_y):
                lon, lat = L93_VERS_WGS84.transform(nombre(ligne[col_x]), nombre(ligne[col_y]))
                ligne["latitude"], ligne["longitude"] = f"{lat:.6f}", f"{lon:.6f}"
            ecrivain.writerow(ligne)
            n += 1
    return n


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("entree")
    p.add_argument("sortie")
    p.add_argument("--sep", default=";", help="séparateur (défaut ;)")
    p.add_argument("--x", default="x", help="nom de la colonne X")
    p.add_argument("--y", default="y", help="nom de la colonne Y")
    a = p.parse_args()
    print(f"{convertir(a.entree, a.sortie, a.sep, a.x, a.y)} lignes converties")
