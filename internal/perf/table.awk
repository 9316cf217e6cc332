# Turns the GOAL|… and INFO|… lines of `make bench` into one table (Markdown,
# so that it can be pasted into the README); everything else passes through
# to stderr so that a failure stays visible.
BEGIN { FS = "|"; n = 0; m = 0 }
/^GOAL\|/ { goal[n++] = $0; next }
/^INFO\|/ { info[m++] = $0; next }
{ print > "/dev/stderr" }
END {
  print ""
  print "| goal | figure | Closed Set | yardstick | ratio | target | met |"
  print "| --- | --- | --- | --- | --- | --- | --- |"
  for (i = 0; i < n; i++) {
    split(goal[i], f, "|")
    printf "| %s | %s | %s | %s | %s | %s | %s |\n", f[2], f[3], f[4], f[5], f[6], f[7], f[8]
  }
  for (i = 0; i < m; i++) {
    split(info[i], f, "|")
    printf "| %s | %s | %s | - | - | (for information) | - |\n", f[2], f[3], f[4]
  }
  missed = 0
  for (i = 0; i < n; i++) { split(goal[i], f, "|"); if (f[8] != "yes") missed++ }
  printf "\n%d goals measured, %d met, %d not met\n", n, n - missed, missed
}
