SELECT TOP 20
  customers.segment AS segment,
  DATEFROMPARTS(YEAR(orders.created_at), MONTH(orders.created_at), 1) AS created_at_month,
  sum(CASE WHEN orders.status = 'paid' THEN orders.amount END) AS revenue,
  sum(CASE WHEN orders.status = 'paid' THEN orders.amount END) * 1.0 / NULLIF(count(CASE WHEN orders.status = 'paid' THEN 1 END), 0) AS aov
FROM orders
LEFT JOIN customers ON orders.customer_id = customers.id
WHERE (customers.is_test = 0)
  AND (orders.status = 'paid' OR orders.amount > 100)
GROUP BY customers.segment, DATEFROMPARTS(YEAR(orders.created_at), MONTH(orders.created_at), 1)
HAVING (sum(CASE WHEN orders.status = 'paid' THEN orders.amount END) > 50)
ORDER BY CASE WHEN sum(CASE WHEN orders.status = 'paid' THEN orders.amount END) IS NULL THEN 1 ELSE 0 END, revenue DESC, CASE WHEN customers.segment IS NULL THEN 1 ELSE 0 END, segment, CASE WHEN DATEFROMPARTS(YEAR(orders.created_at), MONTH(orders.created_at), 1) IS NULL THEN 1 ELSE 0 END, created_at_month