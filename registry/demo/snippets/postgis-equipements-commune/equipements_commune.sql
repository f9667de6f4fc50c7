-- Équipements situés dans le contour d'une commune (PostGIS 3).
-- Tables supposées :
--   admin.commune(insee_com text, nom text, geom geometry(MultiPolygon, 2154))   -- ADMIN EXPRESS
--   public.equipements(equip_uid text, equip_type text, equip_nom text,
--                      geom geometry(Point, 4326))                             -- SCDL équipements
-- Variable psql : insee (ex. -v insee="'92048'").

-- Index utiles (à créer une fois) :
-- CREATE INDEX IF NOT EXISTS commune_geom_idx ON admin.commune USING gist (geom);
-- CREATE INDEX IF NOT EXISTS equipements_geom_2154_idx
--   ON public.equipements USING gist (ST_Transform(geom, 2154));

-- 1. Liste des équipements de la commune
SELECT e.equip_uid,
       e.equip_type,
       e.equip_nom,
       round(ST_Y(e.geom)::numeric, 6) AS latitude,
       round(ST_X(e.geom)::numeric, 6) AS longitude
FROM public.equipements AS e
JOIN admin.commune AS c
  ON ST_Intersects(c.geom, ST_Transform(e.geom, 2154))
WHERE c.insee_com = :insee
ORDER BY e.equip_type, e.equip_nom;

-- 2. Nombre d'équipements par type et par commune de GPSO
SELECT c.insee_com,
       c.nom AS commune,
       e.equip_type,
       count(*) AS nb_equipements
FROM admin.commune AS c
JOIN public.equipements AS e
  ON ST_Intersects(c.geom, ST_Transform(e.geom, 2154))
WHERE c.insee_com IN ('92012', '92022', '92040', '92047', '92048', '92072', '92075', '92077')
GROUP BY c.insee_com, c.nom, e.equip_type
ORDER BY c.nom, nb_equipements DESC;
