-- wrk script: people watching the count, alternately the petition's page and its JSON feed,
-- each connection pausing between reads (argument: petition id, pause in milliseconds).
function init(args)
  paths = { "/petitions/" .. args[1], "/api/v1/petitions/" .. args[1] }
  pause = tonumber(args[2])
  n = 0
end

function delay() return pause end

function request()
  n = n + 1
  return wrk.format("GET", paths[(n % 2) + 1])
end
