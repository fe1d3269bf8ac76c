SELECT
  customers.segment AS segment,
  DATE(orders.created_at, 'start of month') AS created_at_month,
  sum(CASE WHEN orders.status = 'paid' THEN orders.amount END) AS revenue,
  sum(CASE WHEN orders.status = 'paid' THEN orders.amount END) * 1.0 / NULLIF(count(CASE WHEN orders.status = 'paid' THEN 1 END), 0) AS aov
FROM orders
LEFT JOIN customers ON orders.customer_id = customers.id
WHERE (customers.is_test = false)
  AND (orders.status = 'paid' OR orders.amount > 100)
GROUP BY customers.segment, DATE(orders.created_at, 'start of month')
HAVING (sum(CASE WHEN orders.status = 'paid' THEN orders.amount END) > 50)
ORDER BY revenue DESC NULLS LAST, segment NULLS LAST, created_at_month NULLS LAST
LIMIT 20