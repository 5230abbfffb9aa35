/// The API's OpenAPI 3.0 description, served at `/api/openapi.json` (hand-written; the tests validate it and run
/// schemathesis against it).
enum OpenAPIDocument {
    static let json = #"""
        {
          "openapi": "3.0.3",
          "info": {"title": "QualStation console API", "version": "1.0.0",
            "description": "Runs found under the console's runs roots, read from their run directories. JSON keys are snake_case; times are ISO 8601 UTC (station time)."},
          "security": [{"bearer": []}, {}],
          "paths": {
            "/api/runs": {
              "get": {"summary": "Every run, live and interrupted first, then newest first", "operationId": "listRuns",
                "parameters": [{"$ref": "#/components/parameters/Station"}, {"$ref": "#/components/parameters/DUT"}, {"$ref": "#/components/parameters/Lot"},
                  {"$ref": "#/components/parameters/Profile"}, {"$ref": "#/components/parameters/Verdict"}],
                "responses": {"200": {"description": "runs", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/RunSummary"}}}}},
                  "401": {"$ref": "#/components/responses/Error"}, "414": {"$ref": "#/components/responses/Error"}}},
              "post": {"summary": "Start a run (qualstation run, detached)", "operationId": "startRun",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StartRequest"}}}},
                "responses": {"202": {"description": "started", "content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}}}},
                  "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}}}
            },
            "/api/runs/{id}": {
              "get": {"summary": "Everything the run page shows", "operationId": "getRun", "parameters": [{"$ref": "#/components/parameters/RunID"}],
                "responses": {"200": {"description": "the run", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RunDetail"}}}},
                  "400": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "410": {"$ref": "#/components/responses/Error"}}}
            },
            "/api/runs/{id}/verification": {
              "get": {"summary": "certificate verify of the run's certificate.jws", "operationId": "verifyRun", "parameters": [{"$ref": "#/components/parameters/RunID"}],
                "responses": {"200": {"description": "the verification", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Verification"}}}},
                  "400": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}
            },
            "/api/runs/{id}/measurements.csv": {
              "get": {"summary": "Every measurement as CSV", "operationId": "measurementsCSV", "parameters": [{"$ref": "#/components/parameters/RunID"}],
                "responses": {"200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
                  "400": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}
            },
            "/api/runs/{id}/abort": {
              "post": {"summary": "SIGTERM to the process holding the run lock", "operationId": "abortRun", "parameters": [{"$ref": "#/components/parameters/RunID"}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ActionRequest"}}}},
                "responses": {"202": {"$ref": "#/components/responses/Action"}, "400": {"$ref": "#/components/responses/Error"},
                  "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}}}
            },
            "/api/runs/{id}/resume": {
              "post": {"summary": "qualstation resume, detached", "operationId": "resumeRun", "parameters": [{"$ref": "#/components/parameters/RunID"}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ActionRequest"}}}},
                "responses": {"202": {"$ref": "#/components/responses/Action"}, "400": {"$ref": "#/components/responses/Error"},
                  "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}}}
            },
            "/api/validate": {
              "post": {"summary": "Validate a station with a profile and estimate the plan's duration", "operationId": "validate",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["station", "profile"],
                  "properties": {"station": {"type": "string"}, "profile": {"type": "string"}}}}}},
                "responses": {"200": {"description": "the check", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StartCheck"}}}},
                  "400": {"$ref": "#/components/responses/Error"}}}
            },
            "/api/batches": {"get": {"summary": "The batches among the runs (same filter as /api/runs), each member with its socket, state and lane map", "operationId": "listBatches",
              "parameters": [{"$ref": "#/components/parameters/Station"}, {"$ref": "#/components/parameters/DUT"}, {"$ref": "#/components/parameters/Lot"},
                {"$ref": "#/components/parameters/Profile"}, {"$ref": "#/components/parameters/Verdict"}],
              "responses": {"200": {"description": "batches", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Batch"}}}}},
                "401": {"$ref": "#/components/responses/Error"}, "414": {"$ref": "#/components/responses/Error"}}}},
            "/api/stations": {"get": {"summary": "Station files offered", "operationId": "stations",
              "responses": {"200": {"description": "file names", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}}}}},
            "/api/profiles": {"get": {"summary": "Profiles offered", "operationId": "profiles",
              "responses": {"200": {"description": "file names", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}}}}}
          },
          "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "parameters": {"RunID": {"name": "id", "in": "path", "required": true, "description": "the run directory's name", "schema": {"type": "string"}},
              "Station": {"name": "station", "in": "query", "schema": {"type": "string", "maxLength": 200}},
              "DUT": {"name": "dut", "in": "query", "schema": {"type": "string", "maxLength": 200}},
              "Lot": {"name": "lot", "in": "query", "schema": {"type": "string", "maxLength": 200}},
              "Profile": {"name": "profile", "in": "query", "schema": {"type": "string", "maxLength": 200}},
              "Verdict": {"name": "verdict", "in": "query", "schema": {"type": "string", "enum": ["PASS", "FAIL", "INCOMPLETE", "live", "interrupted"]}}},
            "responses": {
              "Error": {"description": "an error naming what is wrong", "content": {"application/json": {"schema": {"type": "object", "required": ["error"],
                "properties": {"error": {"type": "object", "required": ["status", "message"], "properties": {"status": {"type": "integer"}, "message": {"type": "string"}}}}}}}},
              "Action": {"description": "done", "content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "string"}, "pid": {"type": "string"}, "action": {"type": "string"}}}}}}
            },
            "schemas": {
              "RunSummary": {"type": "object", "required": ["id", "run_id", "station", "dut", "operator_name", "profile", "profile_version", "started_at", "status", "state"],
                "properties": {"id": {"type": "string"}, "run_id": {"type": "string"}, "station": {"type": "string"}, "dut": {"type": "string"},
                  "lot": {"type": "string", "nullable": true}, "operator_name": {"type": "string"}, "profile": {"type": "string"}, "profile_version": {"type": "string"},
                  "started_at": {"type": "string", "format": "date-time"}, "ended_at": {"type": "string", "format": "date-time", "nullable": true},
                  "status": {"type": "string", "enum": ["running", "completed", "incomplete"]}, "verdict": {"type": "string", "nullable": true},
                  "state": {"type": "string"}, "incomplete_reason": {"type": "string", "nullable": true},
                  "progress": {"$ref": "#/components/schemas/RunProgress"},
                  "batch": {"type": "object", "nullable": true, "description": "the batch the run belongs to; absent for a single run", "required": ["id", "socket", "members"],
                    "properties": {"id": {"type": "string"}, "socket": {"type": "string"}, "members": {"type": "array", "items": {"type": "string"}, "description": "SOCKET=SERIAL"}}}}},
              "LaneMap": {"type": "object", "required": ["lanes", "decided", "failed", "remapped"], "properties": {"step_index": {"type": "integer", "nullable": true},
                "lanes": {"type": "array", "items": {"type": "string", "enum": ["accepted", "rejected", "counting", "errors", "no_sync", "waiting"]}},
                "decided": {"type": "integer"}, "failed": {"type": "integer"}, "remapped": {"type": "integer"}}},
              "Batch": {"type": "object", "required": ["id", "station", "profile", "profile_version", "state", "members"],
                "properties": {"id": {"type": "string"}, "station": {"type": "string"}, "profile": {"type": "string"}, "profile_version": {"type": "string"},
                  "state": {"type": "string", "description": "live while any member is live, else the members' common state, else mixed"},
                  "members": {"type": "array", "items": {"type": "object", "required": ["run", "dut", "socket", "state", "lanes"], "properties": {
                    "run": {"type": "string"}, "dut": {"type": "string"}, "socket": {"type": "string"}, "state": {"type": "string"},
                    "verdict": {"type": "string", "nullable": true}, "lanes": {"$ref": "#/components/schemas/LaneMap"}}}}}},
              "RunProgress": {"type": "object", "nullable": true, "required": ["step_count", "steps_complete", "phase"],
                "properties": {"pid": {"type": "integer", "nullable": true}, "step_index": {"type": "integer", "nullable": true}, "step_name": {"type": "string", "nullable": true},
                  "step_count": {"type": "integer"}, "steps_complete": {"type": "integer"}, "phase": {"type": "string", "enum": ["ramp", "soak", "measure", "gate", "idle"]},
                  "air_celsius": {"type": "number", "nullable": true}, "dut_celsius": {"type": "number", "nullable": true}, "setpoint_celsius": {"type": "number", "nullable": true},
                  "last_reading_at": {"type": "string", "format": "date-time", "nullable": true}, "remaining_seconds": {"type": "number", "nullable": true},
                  "eta": {"type": "string", "format": "date-time", "nullable": true}}},
              "RunDetail": {"type": "object", "required": ["summary", "steps", "temperatures", "lanes", "events", "counts", "files", "change"],
                "properties": {"summary": {"$ref": "#/components/schemas/RunSummary"},
                  "steps": {"type": "array", "items": {"type": "object", "required": ["index", "kind", "name", "status", "attempt"], "properties": {
                    "index": {"type": "integer"}, "kind": {"type": "string"}, "name": {"type": "string"}, "setpoint_celsius": {"type": "number", "nullable": true},
                    "status": {"type": "string", "enum": ["pending", "running", "complete"]}, "attempt": {"type": "integer"},
                    "started_at": {"type": "string", "format": "date-time", "nullable": true}, "ended_at": {"type": "string", "format": "date-time", "nullable": true}}}},
                  "temperatures": {"type": "array", "items": {"type": "object", "required": ["time"], "properties": {"time": {"type": "string", "format": "date-time"},
                    "air_celsius": {"type": "number", "nullable": true}, "dut_celsius": {"type": "number", "nullable": true}}}},
                  "lanes": {"$ref": "#/components/schemas/LaneMap"},
                  "events": {"type": "array", "items": {"type": "object", "required": ["id", "time", "kind", "message"], "properties": {"id": {"type": "integer"},
                    "time": {"type": "string", "format": "date-time"}, "step_index": {"type": "integer", "nullable": true}, "kind": {"type": "string"}, "message": {"type": "string"}}}},
                  "counts": {"type": "object", "required": ["retries", "faults", "deviations", "chamber_alarm"], "properties": {"retries": {"type": "integer"},
                    "faults": {"type": "integer"}, "deviations": {"type": "integer"}, "chamber_alarm": {"type": "boolean"}}},
                  "files": {"type": "array", "items": {"type": "string"}}, "change": {"type": "string"}}},
              "Verification": {"type": "object", "required": ["result", "checks", "notes"], "properties": {"result": {"type": "string", "enum": ["VALID", "INVALID"]},
                "checks": {"type": "array", "items": {"type": "object", "required": ["name", "passed", "detail"], "properties": {"name": {"type": "string"},
                  "passed": {"type": "boolean"}, "detail": {"type": "string"}}}}, "notes": {"type": "array", "items": {"type": "string"}},
                "verdict": {"type": "string", "nullable": true}}},
              "StartCheck": {"type": "object", "required": ["station", "profile", "ok", "issues", "steps"], "properties": {"station": {"type": "string"},
                "profile": {"type": "string"}, "ok": {"type": "boolean"}, "issues": {"type": "array", "items": {"type": "string"}}, "steps": {"type": "integer"},
                "estimated_seconds": {"type": "number", "nullable": true}}},
              "StartRequest": {"type": "object", "required": ["station", "profile", "dut", "operator", "requested_by", "confirm"], "properties": {
                "station": {"type": "string"}, "profile": {"type": "string"}, "dut": {"type": "string"}, "operator": {"type": "string"}, "lot": {"type": "string"},
                "requested_by": {"type": "string"}, "confirm": {"type": "boolean"}}},
              "ActionRequest": {"type": "object", "required": ["requested_by", "confirm"], "properties": {"requested_by": {"type": "string"}, "confirm": {"type": "boolean"}}}
            }
          }
        }
        """#
}
