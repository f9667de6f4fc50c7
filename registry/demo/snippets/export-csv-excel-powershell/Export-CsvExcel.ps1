<#
.SYNOPSIS
    Inventorie les fichiers d'un dossier et les exporte en CSV lisible par Excel (UTF-8 avec BOM, ;).
.EXAMPLE
    .\Export-CsvExcel.ps1 -Dossier 'C:\Données' -Sortie inventaire.csv
#>
param(
    [Parameter(Mandatory = $true)] [string] $Dossier,
    [string] $Sortie = 'inventaire.csv'
)

# PowerShell 7+ : utf8BOM ; Windows PowerShell 5.1 : UTF8 écrit déjà un BOM.
$encodage = if ($PSVersionTable.PSVersion.Major -ge 6) { 'utf8BOM' } else { 'UTF8' }

Get-ChildItem -Path $Dossier -File -Recurse |
    Select-Object @{ Name = 'Nom'; Expression = { $_.Name } },
                  @{ Name = 'Dossier'; Expression = { $_.DirectoryName } },
                  @{ Name = 'Extension'; Expression = { $_.Extension.ToLowerInvariant() } },
                  @{ Name = 'Taille (Ko)'; Expression = { [math]::Round($_.Length / 1KB, 1) } },
                  @{ Name = 'Modifié le'; Expression = { $_.LastWriteTime.ToString('yyyy-MM-dd HH:mm') } } |
    Export-Csv -Path $Sortie -Delimiter ';' -Encoding $encodage -NoTypeInformation

Write-Host "Fichier écrit : $Sortie ($encodage, séparateur ;)"
