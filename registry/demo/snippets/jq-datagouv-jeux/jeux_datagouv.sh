#!/usr/bin/env bash
# Liste les jeux de données data.gouv.fr qui répondent à une recherche.
# Usage : ./jeux_datagouv.sh "recherche" [csv]
#   sans 2e argument : titre, producteur, dernière mise à jour, formats (TSV)
#   avec « csv »     : URL des ressources au format CSV, une par ligne
set -euo pipefail

recherche=${1:?usage : $0 \"recherche\" [csv]}
url="https://www.data.gouv.fr/api/1/datasets/"

if [[ "${2:-}" == "csv" ]]; then
  curl -sfG "$url" --data-urlencode "q=$recherche" --data "page_size=50" |
    jq -r '.data[].resources[] | select((.format // "") | ascii_downcase == "csv") | .url'
  exit 0
fi

printf 'titre\tproducteur\tmis_a_jour\tformats\n'
curl -sfG "$url" --data-urlencode "q=$recherche" --data "page_size=50" |
  jq -r '.data[] | [
      .title,
      (.organization.name // .owner.last_name // "?"),
      ((.last_update // .last_modified // "")[:10]),
      ([.resources[].format // "?" | ascii_downcase] | unique | join(","))
    ] | @tsv'
