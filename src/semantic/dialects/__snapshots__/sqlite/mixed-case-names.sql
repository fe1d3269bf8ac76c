WITH invoices__agg AS (
  SELECT
    customers.Country AS Country,
    DATE(invoices.InvoiceDate, 'start of month') AS InvoiceDate_month,
    sum(invoices.Total) AS revenue
  FROM Invoice AS invoices
  LEFT JOIN Customer AS customers ON invoices.CustomerId = customers.CustomerId
  WHERE (invoices.Total >= 10)
  GROUP BY customers.Country, DATE(invoices.InvoiceDate, 'start of month')
),
invoice_lines__agg AS (
  SELECT
    customers.Country AS Country,
    DATE(invoices.InvoiceDate, 'start of month') AS InvoiceDate_month,
    sum(invoice_lines.Quantity) AS units
  FROM InvoiceLine AS invoice_lines
  LEFT JOIN Invoice AS invoices ON invoices.InvoiceId = invoice_lines.InvoiceId
  LEFT JOIN Customer AS customers ON invoices.CustomerId = customers.CustomerId
  WHERE (invoices.Total >= 10)
  GROUP BY customers.Country, DATE(invoices.InvoiceDate, 'start of month')
)
SELECT
  COALESCE(invoices__agg.Country, invoice_lines__agg.Country) AS Country,
  COALESCE(invoices__agg.InvoiceDate_month, invoice_lines__agg.InvoiceDate_month) AS InvoiceDate_month,
  invoices__agg.revenue AS revenue,
  invoice_lines__agg.units AS units
FROM invoices__agg
FULL OUTER JOIN invoice_lines__agg ON (invoices__agg.Country IS NOT DISTINCT FROM invoice_lines__agg.Country) AND (invoices__agg.InvoiceDate_month IS NOT DISTINCT FROM invoice_lines__agg.InvoiceDate_month)
ORDER BY Country NULLS LAST, InvoiceDate_month NULLS LAST