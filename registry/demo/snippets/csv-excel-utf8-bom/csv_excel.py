#!/usr/bin/env python3
"""Écrit un CSV lisible par Excel en français : UTF-8 avec BOM, ; et virgule décimale."""
import csv
from decimal import Decimal


def montant_fr(valeur) -> str:
    """12345.5 -> '12345,50' (pas de séparateur de milliers : Excel le lirait comme du texte)."""
    return f"{Decimal(str(valeur)):.2f}".replace(".", ",")


def ecrire_pour_excel(chemin, entetes, lignes):
    # utf-8-sig ajoute le BOM (EF BB BF) qui indique à Excel l'encodage du fichier.
    # newline="" laisse le module csv écrire des fins de ligne \r\n sans les doubler.
    with open(chemin, "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f, delimiter=";", quoting=csv.QUOTE_MINIMAL)
        w.writerow(entetes)
        w.writerows(lignes)


if __name__ == "__main__":
    lignes = [
        ["Ville-d'Avray", "Association des étangs de Corot", montant_fr(1500)],
        ["Sèvres", "Club de tennis de table sévrien", montant_fr(2750.5)],
        ["Issy-les-Moulineaux", "Atelier « Numérique pour tous »", montant_fr(12000)],
    ]
    ecrire_pour_excel("subventions_excel.csv", ["Commune", "Bénéficiaire", "Montant (€)"], lignes)
    print("subventions_excel.csv écrit (UTF-8 avec BOM, séparateur ;)")
