-- wrk script: POST the request file named by $BODY to the $apply URL given on the command line.
local f = assert(io.open(os.getenv("BODY"), "rb"))
local body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/fhir+json"
wrk.body = body
