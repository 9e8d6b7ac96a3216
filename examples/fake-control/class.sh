#!/usr/bin/env bash
# Plays a class on a running "gensee fake serve" through its control API,
# with curl only: seed a classroom, send the live events to a callback URL,
# start the class, have a student join and leave, end it, then read the
# events sent and the requests received.
#
#   gensee fake serve --addr 127.0.0.1:8080 &
#   examples/fake-control/class.sh http://127.0.0.1:8080 http://127.0.0.1:9000/gensee/events
#
# The first argument is the fake's URL, the second where its live events go
# (your service's callback handler). It prints the classroom's id first.
set -euo pipefail
base=${1:?usage: class.sh FAKE_URL CALLBACK_URL}
callback=${2:?usage: class.sh FAKE_URL CALLBACK_URL}

# ctl METHOD PATH [JSON]: one control call; the answer on stdout.
ctl() {
  curl -sS --fail-with-body -X "$1" -H 'Content-Type: application/json' ${3:+--data "$3"} "$base/_fake/$2"
}

# The new classroom's id, from {"rooms": ["ID"], ...}.
room=$(ctl POST seed '{"rooms":[{"subject":"curl 课堂 class"}]}' | tr -d ' \n' | sed -n 's/.*"rooms":\["\([^"]*\)".*/\1/p')
[ -n "$room" ] || { echo "class.sh: no room id in the seed answer" >&2; exit 1; }
echo "room $room"

ctl POST live/callback "{\"url\":\"$callback\"}" >/dev/null
ctl POST live/start "{\"roomId\":\"$room\"}" >/dev/null
ctl POST live/join "{\"roomId\":\"$room\",\"uid\":1000000001,\"name\":\"Ann\"}" >/dev/null
ctl POST live/leave "{\"roomId\":\"$room\",\"uid\":1000000001}" >/dev/null
ctl POST live/end "{\"roomId\":\"$room\"}" >/dev/null

# The classroom answers as Gensee would: query/status is 0 (idle) again.
curl -sS -d "loginName=admin@demo&password=demo-password&roomId=$room" \
  "$base/integration/site/training/query/status"
echo

ctl GET live/events
ctl GET 'requests?path=/training/query/status&limit=1'
