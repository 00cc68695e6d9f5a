-- wrk script: requests the paths listed in $PATHS_FILE in turn; "HX " marks an htmx request.
local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do paths[#paths + 1] = line end
local counter = math.random(1, #paths)

request = function()
  counter = counter % #paths + 1
  local path = paths[counter]
  if path:sub(1, 3) == "HX " then
    return wrk.format("GET", path:sub(4), { ["HX-Request"] = "true" })
  end
  return wrk.format("GET", path)
end

done = function(summary, latency, requests)
  io.write(string.format("requests/s: %.1f over %.0f s (%d requests)\n", summary.requests / (summary.duration / 1e6),
    summary.duration / 1e6, summary.requests))
  for _, p in ipairs({ 50, 95, 99 }) do
    io.write(string.format("p%d latency: %.1f ms\n", p, latency:percentile(p) / 1000))
  end
  local e = summary.errors
  io.write(string.format("errors: %d (non-2xx/3xx %d, timeouts %d, connect %d, read %d, write %d)\n",
    e.connect + e.read + e.write + e.status + e.timeout, e.status, e.timeout, e.connect, e.read, e.write))
end
