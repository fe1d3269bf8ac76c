SELECT
  customers.segment AS segment,
  DATE_TRUNC(CAST(orders.created_at AS DATE), MONTH) AS created_at_month,
  sum(CASE WHEN orders.status = 'paid' THEN orders.amount END) AS revenue,
  SAFE_DIVIDE(sum(CASE WHEN orders.status = 'paid' THEN orders.amount END), count(CASE WHEN orders.status = 'paid' THEN 1 END)) AS aov
FROM orders
LEFT JOIN customers ON orders.customer_id = customers.id
WHERE (customers.is_test = false)
  AND (orders.status = 'paid' OR orders.amount > 100)
GROUP BY customers.segment, DATE_TRUNC(CAST(orders.created_at AS DATE), MONTH)
HAVING (sum(CASE WHEN orders.status = 'paid' THEN orders.amount END) > 50)
ORDER BY revenue DESC NULLS LAST, segment NULLS LAST, created_at_month NULLS LAST
LIMIT 20