#!/usr/bin/env bash
# Calls the MODE REST API with curl. Start a server first, e.g.:
#   bin/mode index --input samples/corpus --index .mode/sample-index
#   bin/mode serve --index .mode/sample-index --port 8080
# Then: samples/rest-api.sh [BASE_URL]   (set MODE_API_KEY when the server has server.api-keys)
set -euo pipefail
BASE="${1:-http://127.0.0.1:8080}"
KEY=(); [ -n "${MODE_API_KEY:-}" ] && KEY=(-H "X-API-Key: $MODE_API_KEY")
JSON=(-H 'Content-Type: application/json')
show() { echo; echo "### $*"; }

show "experts: sizes, labels, query load"
curl -sS "${KEY[@]}" "$BASE/api/v1/experts"; echo

show "search"
curl -sS "${KEY[@]}" "${JSON[@]}" -d '{"query":"lava flows of shield volcanoes","passages":3}' "$BASE/api/v1/search"; echo

show "ask (JSON): answer, citations, routing, timings"
curl -sS "${KEY[@]}" "${JSON[@]}" -d '{"question":"When did Mount Vesuvius destroy Pompeii?","experts":2,"passages":3}' \
  "$BASE/api/v1/ask"; echo

show "ask (Server-Sent Events): routing, token..., answer"
curl -sS -N "${KEY[@]}" "${JSON[@]}" -H 'Accept: text/event-stream' \
  -d '{"question":"What makes sourdough bread rise?"}' "$BASE/api/v1/ask"; echo

show "add a document (JSON), find it, delete it"
curl -sS "${KEY[@]}" "${JSON[@]}" \
  -d '{"id":"notes/tides.txt","title":"Tides","text":"Spring tides happen when the Sun and the Moon line up with the Earth."}' \
  "$BASE/api/v1/documents"; echo
curl -sS "${KEY[@]}" "${JSON[@]}" -d '{"query":"spring tides sun moon","passages":1}' "$BASE/api/v1/search"; echo
curl -sS -o /dev/null -w 'DELETE -> %{http_code}\n' -X DELETE "${KEY[@]}" "$BASE/api/v1/documents/notes/tides.txt"

show "upload a file (multipart, parsed by Tika)"
tmp=$(mktemp --suffix=.md)
printf '# Glaciers\nThe Perito Moreno glacier in Patagonia calves icebergs into Lago Argentino.\n' > "$tmp"
curl -sS "${KEY[@]}" -F "file=@$tmp;filename=glaciers.md" "$BASE/api/v1/documents"; echo
curl -sS -o /dev/null -w 'DELETE -> %{http_code}\n' -X DELETE "${KEY[@]}" "$BASE/api/v1/documents/glaciers.md"
rm -f "$tmp"

show "a bad request is an RFC 9457 problem document"
curl -sS "${KEY[@]}" "${JSON[@]}" -d '{"question":""}' "$BASE/api/v1/ask"; echo

show "health"
curl -sS "$BASE/actuator/health"; echo
