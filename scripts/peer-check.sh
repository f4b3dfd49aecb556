#!/usr/bin/env bash
# Compares the travel-time engine with independent Python peers on the public Helsinki fixtures
# (Tests/peer/README.md): streets (pyosmium + scipy Dijkstra) and public transport (a connection
# scan over the GTFS). With the engine's rules matched, every cell must agree (streets to 0.01 min,
# public transport to the second); each check prints its agreement and exits 1 on any difference.
# Uses the built .build/debug/centres.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x .build/debug/centres ] || { echo "peer-check: .build/debug/centres is missing; run swift build first" >&2; exit 1; }
python3 -c "import osmium, numpy, scipy" 2>/dev/null ||
  python3 -m pip install -q --root-user-action=ignore -r Tests/peer/requirements.txt

fixtures=Tests/Fixtures/helsinki
python3 Tests/peer/check_streets.py --centres .build/debug/centres --pbf "$fixtures/helsinki_centre.osm.pbf"
python3 Tests/peer/check_transit.py --centres .build/debug/centres --gtfs "$fixtures/hsl_gtfs_2022-02-22.zip" \
  --pbf "$fixtures/helsinki_centre.osm.pbf"
