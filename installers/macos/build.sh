#!/usr/bin/env bash
# Builds Guichet for macOS: Guichet.app (PyInstaller), signed with the hardened runtime, a .dmg and a .pkg, and
# optionally notarised and stapled. Run on a Mac (the architecture of the Python used is the one built) with
# Python 3.11 and the Xcode command-line tools:
#
#   installers/macos/build.sh                                    # unsigned (ad hoc): for a test, not for counters
#   installers/macos/build.sh \
#       --identity "Developer ID Application: Ministere de l'Interieur (TEAMID1234)" \
#       --installer-identity "Developer ID Installer: Ministere de l'Interieur (TEAMID1234)" \
#       --notary-profile guichet-notary                          # signed, notarised, stapled
#
# The notary profile is made once on the build Mac (the password is an app-specific one, kept in the keychain):
#   xcrun notarytool store-credentials guichet-notary --apple-id ... --team-id TEAMID1234 --password ...
#
# Output, in dist/: Guichet.app, Guichet-<version>.dmg, Guichet-<version>.pkg. See README.md beside this file.
set -euo pipefail

IDENTITY="-"            # codesign identity; "-" is an ad hoc signature (no Developer ID, no hardened runtime)
INSTALLER_IDENTITY=""   # "Developer ID Installer: ..." for the .pkg (productsign); empty: unsigned .pkg
NOTARY_PROFILE=""       # keychain profile of `xcrun notarytool store-credentials`; empty: no notarisation
PYTHON="${PYTHON:-python3.11}"
SKIP_PYINSTALLER=0

while [ $# -gt 0 ]; do
    case "$1" in
        --identity) IDENTITY="$2"; shift 2 ;;
        --installer-identity) INSTALLER_IDENTITY="$2"; shift 2 ;;
        --notary-profile) NOTARY_PROFILE="$2"; shift 2 ;;
        --python) PYTHON="$2"; shift 2 ;;
        --skip-pyinstaller) SKIP_PYINSTALLER=1; shift ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
if [ -n "$NOTARY_PROFILE" ] && [ "$IDENTITY" = "-" ]; then
    echo "Notarisation needs a Developer ID signature: give --identity." >&2
    exit 2
fi

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"
VERSION="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' desktop/__init__.py)"
[ -n "$VERSION" ] || { echo "desktop/__init__.py has no __version__" >&2; exit 1; }
APP="dist/Guichet.app"
DMG="dist/Guichet-$VERSION.dmg"
PKG="dist/Guichet-$VERSION.pkg"
echo "Guichet $VERSION ($(uname -m))"

# 1. Locked dependencies (hashes checked) in a build venv, then the bundle.
if [ "$SKIP_PYINSTALLER" = 0 ]; then
    VENV="build/venv-macos"
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet --require-hashes --only-binary :all: \
        -r requirements/counter.txt -r requirements/build.txt
    "$VENV/bin/python" -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller-macos \
        installers/macos/guichet-macos.spec
fi
[ -d "$APP" ] || { echo "No $APP: the PyInstaller step did not produce it." >&2; exit 1; }
printed="$("$APP/Contents/MacOS/guichet" --version)"
[ "$printed" = "guichet $VERSION" ] || { echo "--version printed '$printed', expected 'guichet $VERSION'" >&2; exit 1; }
echo "Bundle OK: $printed"

# 2. Signature. With a Developer ID: hardened runtime (required by notarisation), secure timestamp, our
#    entitlements; --deep signs every nested library and the executable with the same identity (same Team ID, so
#    library validation passes). Ad hoc ("-"): no hardened runtime, because library validation refuses ad hoc
#    signed libraries (they have no Team ID) in a hardened process; that build is for tests only.
if [ "$IDENTITY" = "-" ]; then
    codesign --force --deep --sign - "$APP"
else
    codesign --force --deep --options runtime --timestamp \
        --entitlements "$HERE/entitlements.plist" --sign "$IDENTITY" "$APP"
fi
codesign --verify --deep --strict --verbose=2 "$APP"
"$APP/Contents/MacOS/guichet" --version >/dev/null  # still starts once signed

notarise() {  # submit a file, wait for Apple's verdict, then staple the ticket to what can carry one
    local file="$1" staple="$2"
    xcrun notarytool submit "$file" --keychain-profile "$NOTARY_PROFILE" --wait
    xcrun stapler staple "$staple"
    xcrun stapler validate "$staple"
}

# 3. Notarise the app itself first (as a zip), so that the ticket is stapled to Guichet.app: a copy of the app
#    taken out of the .dmg or installed by the .pkg then passes Gatekeeper offline too.
if [ -n "$NOTARY_PROFILE" ]; then
    ditto -c -k --keepParent "$APP" "build/Guichet-$VERSION-app.zip"
    notarise "build/Guichet-$VERSION-app.zip" "$APP"
    spctl --assess --type execute --verbose=2 "$APP"
fi

# 4. The .dmg: the app and a link to /Applications (drag to install), compressed (UDZO), signed, notarised.
STAGE="build/dmg-stage"
rm -rf "$STAGE" && mkdir -p "$STAGE"
ditto "$APP" "$STAGE/Guichet.app"
ln -s /Applications "$STAGE/Applications"
rm -f "$DMG"
hdiutil create -volname "Guichet $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"
if [ "$IDENTITY" != "-" ]; then
    codesign --force --timestamp --sign "$IDENTITY" "$DMG"
fi
[ -z "$NOTARY_PROFILE" ] || notarise "$DMG" "$DMG"

# 5. The .pkg for MDM (Jamf, Intune, ...): installs /Applications/Guichet.app (not relocatable: an MDM upgrade
#    always finds it there) and, in postinstall, creates the machine data folder with its permissions.
ROOTDIR="build/pkg-root"
rm -rf "$ROOTDIR" && mkdir -p "$ROOTDIR"
ditto "$APP" "$ROOTDIR/Guichet.app"
pkgbuild --analyze --root "$ROOTDIR" build/component.plist
plutil -replace 0.BundleIsRelocatable -bool NO build/component.plist
pkgbuild --root "$ROOTDIR" --component-plist build/component.plist --install-location /Applications \
    --scripts "$HERE/pkg-scripts" --identifier fr.interieur.guichet.pkg --version "$VERSION" \
    "build/Guichet-$VERSION-component.pkg"
rm -f "$PKG"
if [ -n "$INSTALLER_IDENTITY" ]; then
    productbuild --package "build/Guichet-$VERSION-component.pkg" --sign "$INSTALLER_IDENTITY" --timestamp "$PKG"
else
    productbuild --package "build/Guichet-$VERSION-component.pkg" "$PKG"
fi
if [ -n "$NOTARY_PROFILE" ] && [ -n "$INSTALLER_IDENTITY" ]; then
    notarise "$PKG" "$PKG"
fi

echo "App: $APP"
echo "DMG: $DMG"
echo "PKG: $PKG"
