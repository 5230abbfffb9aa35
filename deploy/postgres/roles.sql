-- QualStation fleet database: least-privilege roles and row-level security.
--
-- Run after `qualstation fleet migrate`, as the owner of the schema `fleet` (the migrating user):
--     psql "$FLEET_ADMIN_URL" -v ON_ERROR_STOP=1 -f deploy/postgres/roles.sql
-- It can be run again at any time (after every migration, so new tables get their policies).
--
-- Two group roles:
--   qualstation_station  stations: SELECT, INSERT and UPDATE on the fleet tables, but row-level security limits every
--                        statement to the rows whose station_id is the station's own (fleet.station_role maps each
--                        login role to its station id; the station cannot change that map). No DELETE.
--   qualstation_reader   the console and `qualstation fleet report`/`find`: SELECT on everything, nothing else.
--
-- One login role per station, member of qualstation_station, and its station id:
--     CREATE ROLE station_sim_cpo_01 LOGIN PASSWORD '…' IN ROLE qualstation_station;
--     INSERT INTO fleet.station_role (role_name, station_id) VALUES ('station_sim_cpo_01', 'SIM-CPO-01');
-- and for the console:
--     CREATE ROLE qualstation_console LOGIN PASSWORD '…' IN ROLE qualstation_reader;
-- Stations then use postgres://station_sim_cpo_01:…@fleet-db/qualstation?sslmode=require in their `fleet:` section
-- or QUALSTATION_FLEET_URL.

SET client_min_messages = warning;

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'qualstation_station') THEN
        CREATE ROLE qualstation_station NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'qualstation_reader') THEN
        CREATE ROLE qualstation_reader NOLOGIN;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA fleet TO qualstation_station, qualstation_reader;
GRANT SELECT ON fleet.schema_migration TO qualstation_station;
GRANT SELECT, INSERT, UPDATE ON fleet.run, fleet.step, fleet.measurement, fleet.event, fleet.run_document,
    fleet.certificate TO qualstation_station;
GRANT EXECUTE ON FUNCTION fleet.current_station() TO qualstation_station;
REVOKE ALL ON fleet.station_role FROM qualstation_station;
GRANT SELECT ON ALL TABLES IN SCHEMA fleet TO qualstation_reader;

DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['run', 'step', 'measurement', 'event', 'run_document', 'certificate'] LOOP
        EXECUTE format('ALTER TABLE fleet.%I ENABLE ROW LEVEL SECURITY', name);
        EXECUTE format('DROP POLICY IF EXISTS station_own_rows ON fleet.%I', name);
        EXECUTE format(
            'CREATE POLICY station_own_rows ON fleet.%I FOR ALL TO qualstation_station '
            'USING (station_id = fleet.current_station()) WITH CHECK (station_id = fleet.current_station())', name);
        EXECUTE format('DROP POLICY IF EXISTS reader_all_rows ON fleet.%I', name);
        EXECUTE format('CREATE POLICY reader_all_rows ON fleet.%I FOR SELECT TO qualstation_reader USING (true)', name);
    END LOOP;
END
$$;
