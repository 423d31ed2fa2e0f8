# Sourced by run.sh before anything starts Python. A TZ naming something that is not a regular file (a pipe,
# a device) hangs the C library as Python starts, before the planner can say a word: said here in one line,
# and TZ left out, so the app starts on the computer's own zone instead.
tz_file="${TZ:-}"
tz_file="${tz_file#:}"
if [[ "$tz_file" == /* && -e "$tz_file" && ! -f "$tz_file" ]]; then
  echo "run.sh: TZ names $tz_file, which is not a time zone file; starting without it (the computer's own zone)" >&2
  unset TZ
fi
unset tz_file
