WITH orders__keys AS (
  SELECT DISTINCT
    orders.id AS ktx_key_1,
    products.category AS category
  FROM orders
  LEFT JOIN order_items ON orders.id = order_items.order_id
  LEFT JOIN products ON order_items.product_id = products.id
)
SELECT
  orders__keys.category AS category,
  sum(CASE WHEN orders.status = 'paid' THEN orders.amount END) AS revenue,
  count(*) AS order_count
FROM orders__keys
INNER JOIN orders ON orders__keys.ktx_key_1 = orders.id
GROUP BY orders__keys.category
ORDER BY (orders__keys.category) IS NULL, category