<#
.SYNOPSIS
    Builds the Guichet MSI: locked dependencies, PyInstaller one-folder bundle, WiX v5 package.

.DESCRIPTION
    Run from anywhere on a 64-bit Windows machine with Python 3.11 (x64) and the .NET SDK 6 or later (for the
    `wix` dotnet tool). Nothing is installed machine-wide: the build venv goes to build\venv-windows, the WiX tool
    to build\wix-tool.

      powershell -ExecutionPolicy Bypass -File installers\windows\build.ps1
      powershell -ExecutionPolicy Bypass -File installers\windows\build.ps1 -CertificateThumbprint 0123...ABCD

    Steps:
      1. venv + `pip install --require-hashes` from requirements\counter.txt and requirements\build.txt
         (the lock files of the project; `make lock` regenerates them on Linux);
      2. `pyinstaller installers\pyinstaller\guichet.spec` -> dist\guichet\guichet.exe, checked with --version;
      3. optional Authenticode signing of guichet.exe and write-config.ps1 (-CertificateThumbprint);
      4. `wix build` (WiX Toolset v5, Util extension) -> dist\guichet-<version>-x64.msi;
      5. optional signing of the MSI.
    Output: the path of the MSI on the last line.
#>
[CmdletBinding()]
param(
    [string] $Python = 'python',                 # a Python 3.11 x64 interpreter
    [string] $WixVersion = '5.0.2',              # WiX Toolset v5 (the Files element needs v5)
    [string] $CertificateThumbprint = '',        # code-signing certificate in Cert:\CurrentUser\My or LocalMachine\My
    [string] $TimestampUrl = 'http://timestamp.digicert.com',
    [switch] $SkipPyInstaller                    # reuse an existing dist\guichet (e.g. built by an earlier step)
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$root = (Resolve-Path (Join-Path $here '..\..')).Path
Set-Location $root

function Invoke-Checked([string] $exe, [string[]] $arguments) {
    Write-Host "> $exe $($arguments -join ' ')"
    & $exe @arguments
    if ($LASTEXITCODE -ne 0) { throw "$exe failed with exit code $LASTEXITCODE" }
}

# The one place the version is written: desktop/__init__.py (__version__ = "X.Y.Z").
$match = Select-String -Path (Join-Path $root 'desktop\__init__.py') -Pattern '^__version__\s*=\s*"([^"]+)"'
if (-not $match) { throw 'desktop\__init__.py has no __version__' }
$version = $match.Matches[0].Groups[1].Value
if ($version -notmatch '^\d+\.\d+\.\d+$') {
    throw "MSI versions are numeric (X.Y.Z, each part < 256 for the first two): '$version' cannot be one."
}
Write-Host "Guichet $version"

$bundle = Join-Path $root 'dist\guichet'
if (-not $SkipPyInstaller) {
    $venv = Join-Path $root 'build\venv-windows'
    if (-not (Test-Path (Join-Path $venv 'Scripts\python.exe'))) { Invoke-Checked $Python @('-m', 'venv', $venv) }
    $py = Join-Path $venv 'Scripts\python.exe'
    Invoke-Checked $py @('-m', 'pip', 'install', '--quiet', '--upgrade', 'pip')
    Invoke-Checked $py @('-m', 'pip', 'install', '--quiet', '--require-hashes', '--only-binary', ':all:',
                          '-r', 'requirements\counter.txt', '-r', 'requirements\build.txt')
    Invoke-Checked $py @('-m', 'PyInstaller', '--noconfirm', '--clean',
                          '--distpath', 'dist', '--workpath', 'build\pyinstaller',
                          'installers\pyinstaller\guichet.spec')
}
$exe = Join-Path $bundle 'guichet.exe'
if (-not (Test-Path $exe)) { throw "No ${exe}: the PyInstaller step did not produce the bundle." }
$printed = (& $exe --version | Out-String).Trim()
if ($printed -ne "guichet $version") { throw "guichet.exe --version printed '$printed', expected 'guichet $version'" }
Write-Host "Bundle OK: $printed"

function Find-SignTool {
    $kits = Join-Path ${env:ProgramFiles(x86)} 'Windows Kits\10\bin'
    $tool = Get-ChildItem -Path $kits -Recurse -Filter signtool.exe -ErrorAction SilentlyContinue |
        Where-Object { $_.FullName -match '\\x64\\' } | Sort-Object FullName -Descending | Select-Object -First 1
    if (-not $tool) { throw 'signtool.exe not found (Windows SDK).' }
    return $tool.FullName
}
function Invoke-Sign([string[]] $files) {
    if (-not $CertificateThumbprint) { return }
    $signtool = Find-SignTool
    Invoke-Checked $signtool (@('sign', '/sha1', $CertificateThumbprint, '/fd', 'SHA256',
                                 '/tr', $TimestampUrl, '/td', 'SHA256') + $files)
}

# Signing before packaging: what the MSI installs is what was signed. The writer script is staged in build\msi
# (the only unnamed bind path given to wix), signed there when a certificate is given.
$stage = Join-Path $root 'build\msi'
New-Item -ItemType Directory -Force -Path $stage | Out-Null
$writer = Join-Path $stage 'write-config.ps1'
Copy-Item (Join-Path $here 'write-config.ps1') $writer -Force
if ($CertificateThumbprint) {
    Invoke-Sign @($exe)
    # Signed, the script also runs where a GPO sets the execution policy to AllSigned (see README.md).
    $cert = Get-ChildItem -Path Cert:\CurrentUser\My, Cert:\LocalMachine\My |
        Where-Object { $_.Thumbprint -eq $CertificateThumbprint } | Select-Object -First 1
    if (-not $cert) { throw "No certificate with thumbprint $CertificateThumbprint" }
    $result = Set-AuthenticodeSignature -FilePath $writer -Certificate $cert -TimestampServer $TimestampUrl -HashAlgorithm SHA256
    if ($result.Status -ne 'Valid') { throw "Signing write-config.ps1 failed: $($result.StatusMessage)" }
}

# WiX v5 as a local dotnet tool (no machine-wide install), with the Util extension (WixQuietExec).
$toolPath = Join-Path $root 'build\wix-tool'
$wix = Join-Path $toolPath 'wix.exe'
if (-not (Test-Path $wix)) { Invoke-Checked 'dotnet' @('tool', 'install', '--tool-path', $toolPath, 'wix', '--version', $WixVersion) }
Invoke-Checked $wix @('--version')
Invoke-Checked $wix @('extension', 'add', '-g', "WixToolset.Util.wixext/$WixVersion")

$msi = Join-Path $root "dist\guichet-$version-x64.msi"
Invoke-Checked $wix @('build', '-arch', 'x64', '-ext', 'WixToolset.Util.wixext',
                      '-d', "Version=$version",
                      '-b', "bundle=$bundle",
                      '-b', $stage,
                      (Join-Path $here 'Package.wxs'),
                      '-o', $msi)
Invoke-Sign @($msi)
Write-Host "MSI: $msi"
Write-Output $msi
