'use strict';

/** Retire espaces et points de saisie : "219 200 409 00015" -> "21920040900015". */
function nettoyer(valeur) {
  return String(valeur).replace(/[\s.\u00a0]/g, '');
}

/** Clé de Luhn : en partant de la droite, un chiffre sur deux est doublé (moins 9 s'il dépasse 9). */
function luhn(chiffres) {
  let somme = 0;
  for (let i = 0; i < chiffres.length; i++) {
    let c = Number(chiffres[chiffres.length - 1 - i]);
    if (i % 2 === 1) {
      c *= 2;
      if (c > 9) c -= 9;
    }
    somme += c;
  }
  return somme % 10 === 0;
}

const SIREN_LA_POSTE = '356000000';

function sirenValide(valeur) {
  const s = nettoyer(valeur);
  return /^\d{9}$/.test(s) && (s === SIREN_LA_POSTE || luhn(s));
}

function siretValide(valeur) {
  const s = nettoyer(valeur);
  if (!/^\d{14}$/.test(s)) return false;
  if (s.startsWith(SIREN_LA_POSTE)) {
    // Établissements de La Poste : somme simple des chiffres multiple de 5.
    const somme = [...s].reduce((t, c) => t + Number(c), 0);
    return somme % 5 === 0;
  }
  return luhn(s);
}

module.exports = { luhn, sirenValide, siretValide, nettoyer };

if (require.main === module) {
  const valeurs = process.argv.slice(2);
  if (valeurs.length === 0) {
    console.error('usage : node siret.js SIREN_OU_SIRET...');
    process.exit(2);
  }
  let erreurs = 0;
  for (const v of valeurs) {
    const s = nettoyer(v);
    let verdict = 'invalide';
    if (s.length === 9 && sirenValide(s)) verdict = 'SIREN valide';
    else if (s.length === 14 && siretValide(s)) verdict = 'SIRET valide';
    if (verdict === 'invalide') erreurs++;
    console.log(`${s.padEnd(16)} ${verdict}`);
  }
  process.exit(erreurs ? 1 : 0);
}
