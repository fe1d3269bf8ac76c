SELECT
  billing_address.country AS country,
  shipping_address.city AS city,
  count(*) AS order_count
FROM orders
LEFT JOIN addresses AS billing_address ON orders.billing_address_id = billing_address.id
LEFT JOIN addresses AS shipping_address ON orders.shipping_address_id = shipping_address.id
GROUP BY billing_address.country, shipping_address.city
ORDER BY (billing_address.country) IS NULL, country, (shipping_address.city) IS NULL, city