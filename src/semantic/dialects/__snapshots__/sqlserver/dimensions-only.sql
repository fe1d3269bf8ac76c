SELECT TOP 5
  customers.segment AS segment,
  regions.name AS name
FROM customers
LEFT JOIN regions ON customers.region_id = regions.id
GROUP BY customers.segment, regions.name
ORDER BY CASE WHEN customers.segment IS NULL THEN 1 ELSE 0 END, segment, CASE WHEN regions.name IS NULL THEN 1 ELSE 0 END, name