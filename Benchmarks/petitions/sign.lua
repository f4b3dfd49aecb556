-- wrk script: each request signs the petition as a new person.
-- Arguments (after --): petition id, CSRF token (the cookie value), postcodes file (one per line),
-- series, the privacy notice's version (the form's box carries it).
-- Each client address (sent as X-Forwarded-For through a trusted proxy) signs ten times, under the
-- product's limit of twenty per hour; emails are at big providers, which have no domain limit.
local threads = {}
local counter_base = 0

function setup(thread)
  thread:set("thread_number", #threads)
  table.insert(threads, thread)
end

function init(args)
  petition, token, series, privacy = args[1], args[2], tonumber(args[4] or "0"), args[5]
  postcodes = {}
  for line in io.lines(args[3]) do table.insert(postcodes, line) end
  n = 0
  path = "/petitions/" .. petition .. "/sign"
  providers = { "gmail.com", "outlook.com", "yahoo.co.uk", "hotmail.co.uk", "icloud.com" }
end

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  n = n + 1
  local who = series * 100000000 + thread_number * 10000000 + n
  local client = math.floor(who / 10)
  local address = string.format("10.%d.%d.%d", math.floor(client / 65536) % 256, math.floor(client / 256) % 256, client % 256)
  local postcode = postcodes[(who % #postcodes) + 1]
  local body = "csrf=" .. token .. "&name=" .. urlencode("Load Signer " .. who)
    .. "&email=" .. urlencode("signer" .. who .. "@" .. providers[(who % #providers) + 1])
    .. "&postcode=" .. urlencode(postcode) .. "&reason=live&privacy=" .. urlencode(privacy)
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "centres-csrf=" .. token,
    ["X-Forwarded-For"] = address,
  }
  return wrk.format("POST", path, headers, body)
end
