-- wrk script for bench/proxy/run.sh: adds COUNT routes through a routes API as fast as it answers,
-- on all of wrk's connections (kept alive), then stops sending and creates the file DONE, so that
-- run.sh interrupts wrk instead of waiting out its duration.
--   wrk -t1 -c16 -d120s -s routes.lua <api> -- COUNT TOKEN TARGET DONE
-- Request i posts /api/routes/user/bench-NNNNN {"target": TARGET, "jupyterhub": true} with NNNNN = i
-- mod COUNT. The time is taken from the first request to the COUNT-th answer (a few requests still
-- in flight then repeat the first routes, which replaces them). After the run, one line "ROUTES {json}".

local ffi = require("ffi")
ffi.cdef [[
   typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
   int clock_gettime(int clock, bench_timespec *time);
]]
local function now()
   local time = ffi.new("bench_timespec")
   ffi.C.clock_gettime(1, time)
   return tonumber(time.tv_sec) + tonumber(time.tv_nsec) / 1e9
end

local threads = {}

setup = function(thread)
   table.insert(threads, thread)
end

init = function(args)
   count = tonumber(args[1])
   headers = {["Authorization"] = "token " .. args[2], ["Content-Type"] = "application/json"}
   body = '{"target": "' .. args[3] .. '", "jupyterhub": true}'
   done_file = args[4]
   sent = 0
   answered = 0
   created = 0
   elapsed = -1
end

request = function()
   if sent == 0 then
      started = now()
   end
   local path = string.format("/api/routes/user/bench-%05d", sent % count)
   sent = sent + 1
   return wrk.format("POST", path, headers, body)
end

response = function(status, headers, body)
   answered = answered + 1
   if status == 201 then
      created = created + 1
   end
   if answered == count then
      elapsed = now() - started
      wrk.thread:stop()
      io.open(done_file, "w"):close()
   end
end

done = function(summary, latency, requests)
   local thread = threads[1]
   local seconds = thread:get("elapsed")
   io.write(string.format('ROUTES {"routes": %d, "created": %d, "seconds": %.3f, "per_second": %.0f}\n',
      thread:get("count"), thread:get("created"), seconds, thread:get("count") / seconds))
end
