SELECT
  customers.segment AS segment,
  toStartOfMonth(orders.created_at) AS created_at_month,
  sum(CASE WHEN orders.status = 'paid' THEN orders.amount END) AS revenue,
  sum(CASE WHEN orders.status = 'paid' THEN orders.amount END) / NULLIF(count(CASE WHEN orders.status = 'paid' THEN 1 END), 0) AS aov
FROM orders
LEFT JOIN customers ON orders.customer_id = customers.id
WHERE (customers.is_test = false)
  AND (orders.status = 'paid' OR orders.amount > 100)
GROUP BY customers.segment, toStartOfMonth(orders.created_at)
HAVING (sum(CASE WHEN orders.status = 'paid' THEN orders.amount END) > 50)
ORDER BY revenue DESC NULLS LAST, segment NULLS LAST, created_at_month NULLS LAST
LIMIT 20
SETTINGS join_use_nulls = 1