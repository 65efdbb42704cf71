-- Which procedure a case follows (docs/decisions/033): the seed's LSCB procedure for every case
-- that exists, so nothing already open changes; a new case takes the deployment's preset
-- (SAFEGUARD_PROCEDURE). Written by hand: one column with a default, no table rebuild.
ALTER TABLE `cases` ADD `procedure` text DEFAULT 'lscb_2006' NOT NULL;
