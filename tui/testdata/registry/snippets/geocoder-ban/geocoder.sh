#!/bin/sh
# Géocode adresses.csv (colonnes adresse, code_postal)
curl -s -X POST \
  -F data=@adresses.csv \
  -F columns=adresse \
  -F postcode=code_postal \
  https://api-adresse.data.gouv.fr/search/csv/ > adresses-geocodees.csv
