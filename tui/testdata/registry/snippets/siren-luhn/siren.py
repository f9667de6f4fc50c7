def siren_valide(siren: str) -> bool:
    """Vérifie la clé de Luhn d'un numéro SIREN."""
    if len(siren) != 9 or not siren.isdigit():
        return False
    total = 0
    for i, c in enumerate(siren):
        n = int(c) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0
