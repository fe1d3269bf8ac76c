SELECT
  customers.segment AS segment,
  CAST(DATE_FORMAT(orders.created_at, '%Y-%m-01') AS DATE) AS created_at_month,
  sum(CASE WHEN orders.status = 'paid' THEN orders.amount END) AS revenue,
  sum(CASE WHEN orders.status = 'paid' THEN orders.amount END) / NULLIF(count(CASE WHEN orders.status = 'paid' THEN 1 END), 0) AS aov
FROM orders
LEFT JOIN customers ON orders.customer_id = customers.id
WHERE (customers.is_test = false)
  AND (orders.status = 'paid' OR orders.amount > 100)
GROUP BY customers.segment, CAST(DATE_FORMAT(orders.created_at, '%Y-%m-01') AS DATE)
HAVING (sum(CASE WHEN orders.status = 'paid' THEN orders.amount END) > 50)
ORDER BY (sum(CASE WHEN orders.status = 'paid' THEN orders.amount END)) IS NULL, revenue DESC, (customers.segment) IS NULL, segment, (CAST(DATE_FORMAT(orders.created_at, '%Y-%m-01') AS DATE)) IS NULL, created_at_month
LIMIT 20