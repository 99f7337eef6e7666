<#
.SYNOPSIS
    Writes the machine configuration of Guichet from the MSI's public properties (run by the MSI, as SYSTEM).

.DESCRIPTION
    Called by the custom action WriteMachineConfig of Package.wxs at install, upgrade and repair, never at
    uninstall. Every value arrives with a leading "=" (so that an empty property is still an argument); an empty
    value means "leave this setting as it is". So:
      - a first install with properties creates C:\ProgramData\Guichet\guichet.toml;
      - an upgrade or a repair without properties changes nothing;
      - an install with some properties changes only those settings, keeping every other line of the file
        (printer, idle lock, ... added by IT later).
    guichet.toml gets its own ACL: SYSTEM and Administrators full control, DATA_GROUP read only (the agents must not
    change the machine configuration). ENROL_TOKEN, when given, goes to enrolment.token, which the first start of
    Guichet (online) consumes and deletes: it inherits the folder's ACL, so the agent's process can delete it.
    The token is never printed: this script's output goes to the installation log.
    Windows PowerShell 5.1 (built into Windows 10 and 11); no module needed.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string] $DataDir,
    [string] $CentralUrl = '=',
    [string] $StationCode = '=',
    [string] $StationKind = '=',
    [string] $StationName = '=',
    [string] $ProxyUrl = '=',
    [string] $CaBundle = '=',
    [string] $CscaList = '=',
    [string] $CscaListSigner = '=',
    [string] $SettingsLocked = '=',
    [string] $EnrolToken = '=',
    [string] $DataGroup = '=BU'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function Get-Value([string] $raw) {
    # Strip the "=" guard added by the MSI, then surrounding blanks.
    if ($raw.StartsWith('=')) { $raw = $raw.Substring(1) }
    return $raw.Trim()
}

function ConvertTo-TomlString([string] $value) {
    # A TOML basic string: backslash and double quote escaped; control characters refused.
    if ($value -match '[\x00-\x1f\x7f]') { throw "Valeur refusée (caractère de contrôle) : $value" }
    return '"' + $value.Replace('\', '\\').Replace('"', '\"') + '"'
}

function Set-TomlKey([System.Collections.Generic.List[string]] $lines, [string] $table, [string] $key, [string] $value) {
    # Replace `key = ...` in [table] (or at the top level when $table is empty), or add it there.
    # A flat `station_code = ...` at the top level is also recognised for a [station] key.
    $toml = ConvertTo-TomlString $value
    $current = ''
    $tableStart = -1
    $firstTable = -1
    for ($i = 0; $i -lt $lines.Count; $i++) {
        $line = $lines[$i]
        if ($line -match '^\s*\[([^\]]+)\]\s*(#.*)?$') {
            $current = $Matches[1].Trim()
            if ($firstTable -lt 0) { $firstTable = $i }
            if ($current -eq $table) { $tableStart = $i }
            continue
        }
        $flat = if ($table) { "${table}_$key" } else { $key }
        if ($current -eq $table -and $line -match ('^\s*' + [regex]::Escape($key) + '\s*=')) {
            $lines[$i] = "$key = $toml"; return
        }
        if ($current -eq '' -and $table -and $line -match ('^\s*' + [regex]::Escape($flat) + '\s*=')) {
            $lines[$i] = "$flat = $toml"; return
        }
    }
    if (-not $table) {
        # Top-level keys must come before the first [table].
        $at = if ($firstTable -ge 0) { $firstTable } else { $lines.Count }
        $lines.Insert($at, "$key = $toml")
    } elseif ($tableStart -ge 0) {
        $lines.Insert($tableStart + 1, "$key = $toml")
    } else {
        if ($lines.Count -gt 0 -and $lines[$lines.Count - 1].Trim() -ne '') { $lines.Add('') }
        $lines.Add("[$table]")
        $lines.Add("$key = $toml")
    }
}

function Protect-File([string] $path, [string] $sddl) {
    $acl = Get-Acl -LiteralPath $path
    $acl.SetSecurityDescriptorSddlForm($sddl)
    Set-Acl -LiteralPath $path -AclObject $acl
}

$DataDir = (Resolve-Path -LiteralPath $DataDir).Path
$group = Get-Value $DataGroup
if (-not $group) { $group = 'BU' }
$settings = [ordered]@{
    # setting (table, key)           value
    'central_url'  = @('', 'central_url', (Get-Value $CentralUrl))
    'proxy_url'    = @('', 'proxy_url', (Get-Value $ProxyUrl))
    'ca_bundle'    = @('', 'ca_bundle', (Get-Value $CaBundle))
    'csca_list'    = @('', 'csca_list', (Get-Value $CscaList))
    'csca_list_signer' = @('', 'csca_list_signer', (Get-Value $CscaListSigner))
    'settings_locked' = @('', 'settings_locked', (Get-Value $SettingsLocked))
    'station.kind' = @('station', 'kind', (Get-Value $StationKind))
    'station.code' = @('station', 'code', (Get-Value $StationCode))
    'station.name' = @('station', 'name', (Get-Value $StationName))
}
$given = @($settings.Keys | Where-Object { $settings[$_][2] -ne '' })

$configPath = Join-Path $DataDir 'guichet.toml'
if ($given.Count -gt 0) {
    $utf8 = New-Object System.Text.UTF8Encoding($false)  # UTF-8 without BOM: what tomllib reads
    $lines = New-Object 'System.Collections.Generic.List[string]'
    if (Test-Path -LiteralPath $configPath) {
        foreach ($l in [System.IO.File]::ReadAllLines($configPath, $utf8)) { $lines.Add($l) }
        Copy-Item -LiteralPath $configPath -Destination "$configPath.avant-installation" -Force
    } else {
        $lines.Add('# Configuration de Guichet pour ce poste (écrite par l''installateur ; modifiable par l''administrateur).')
        $lines.Add('# Réglages possibles : voir docs/DEPLOYMENT.md.')
    }
    foreach ($name in $given) {
        $table, $key, $value = $settings[$name]
        Set-TomlKey $lines $table $key $value
    }
    $tmp = "$configPath.tmp"
    [System.IO.File]::WriteAllText($tmp, (($lines -join "`r`n") + "`r`n"), $utf8)
    Move-Item -LiteralPath $tmp -Destination $configPath -Force
    Write-Output ("guichet.toml : réglages écrits : " + ($given -join ', '))
} else {
    Write-Output 'guichet.toml : aucune propriété donnée, fichier inchangé.'
}
if (Test-Path -LiteralPath $configPath) {
    # Readable by the agents, writable by administrators only. Not inherited from the data folder (P).
    Protect-File $configPath "D:PAI(A;;FA;;;SY)(A;;FA;;;BA)(A;;FR;;;$group)"
}

$token = Get-Value $EnrolToken
if ($token) {
    if ($token -match '\s') { throw 'ENROL_TOKEN contient des espaces : vérifiez le jeton.' }
    $tokenPath = Join-Path $DataDir 'enrolment.token'
    [System.IO.File]::WriteAllText($tokenPath, $token + "`n", (New-Object System.Text.UTF8Encoding($false)))
    Write-Output 'enrolment.token : jeton déposé (il sera consommé au premier démarrage en ligne).'
}
exit 0
