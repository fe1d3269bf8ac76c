SELECT
  customers.segment AS segment,
  regions.name AS name
FROM customers
LEFT JOIN regions ON customers.region_id = regions.id
GROUP BY customers.segment, regions.name
ORDER BY (customers.segment) IS NULL, segment, (regions.name) IS NULL, name
LIMIT 5