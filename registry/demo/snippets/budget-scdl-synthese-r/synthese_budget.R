#!/usr/bin/env Rscript
# Synthèse d'un budget SCDL par section, sens et chapitre (R de base uniquement).
# Usage : Rscript synthese_budget.R budget.csv [synthese.csv]

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1) stop("usage : Rscript synthese_budget.R budget.csv [synthese.csv]")
sortie <- if (length(args) >= 2) args[2] else "synthese_budget.csv"

codes <- c("BGT_SIRET", "BGT_CONTNAT", "BGT_NATURE", "BGT_FONCTION", "BGT_OPERATION")
b <- read.csv(args[1], fileEncoding = "UTF-8", colClasses = "character",
              na.strings = "", check.names = FALSE)

# Montant retenu : réalisé pour un compte administratif, sinon prévu (BGT_MTPREV),
# sinon propositions nouvelles.
nombre <- function(x) suppressWarnings(as.numeric(x))
b$montant <- ifelse(!is.na(nombre(b$BGT_MTREAL)), nombre(b$BGT_MTREAL),
             ifelse(!is.na(nombre(b$BGT_MTPREV)), nombre(b$BGT_MTPREV),
                    nombre(b$BGT_MTPROPNOUV)))
b$montant[is.na(b$montant)] <- 0

reel <- b[b$BGT_OPBUDG == "réel", ]
s <- aggregate(montant ~ BGT_SECTION + BGT_CODRD + BGT_NATURE + BGT_NATURE_LABEL,
               data = reel, FUN = sum)
s <- s[order(s$BGT_SECTION, s$BGT_CODRD, -s$montant), ]
names(s) <- c("section", "sens", "chapitre", "libelle", "montant")

write.csv(s, sortie, row.names = FALSE, fileEncoding = "UTF-8")
cat(sprintf("%d lignes de budget, %d chapitres -> %s\n", nrow(reel), nrow(s), sortie))
print(aggregate(montant ~ section + sens, data = s, FUN = sum))
