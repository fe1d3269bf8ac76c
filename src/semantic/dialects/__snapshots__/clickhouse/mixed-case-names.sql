WITH invoices__agg AS (
  SELECT
    customers.Country AS Country,
    toStartOfMonth(invoices.InvoiceDate) AS InvoiceDate_month,
    sum(invoices.Total) AS revenue
  FROM Invoice AS invoices
  LEFT JOIN Customer AS customers ON invoices.CustomerId = customers.CustomerId
  WHERE (invoices.Total >= 10)
  GROUP BY customers.Country, toStartOfMonth(invoices.InvoiceDate)
),
invoice_lines__agg AS (
  SELECT
    customers.Country AS Country,
    toStartOfMonth(invoices.InvoiceDate) AS InvoiceDate_month,
    sum(invoice_lines.Quantity) AS units
  FROM InvoiceLine AS invoice_lines
  LEFT JOIN Invoice AS invoices ON invoices.InvoiceId = invoice_lines.InvoiceId
  LEFT JOIN Customer AS customers ON invoices.CustomerId = customers.CustomerId
  WHERE (invoices.Total >= 10)
  GROUP BY customers.Country, toStartOfMonth(invoices.InvoiceDate)
)
SELECT
  COALESCE(invoices__agg.Country, invoice_lines__agg.Country) AS Country,
  COALESCE(invoices__agg.InvoiceDate_month, invoice_lines__agg.InvoiceDate_month) AS InvoiceDate_month,
  invoices__agg.revenue AS revenue,
  invoice_lines__agg.units AS units
FROM invoices__agg
FULL OUTER JOIN invoice_lines__agg ON (isNotDistinctFrom(invoices__agg.Country, invoice_lines__agg.Country)) AND (isNotDistinctFrom(invoices__agg.InvoiceDate_month, invoice_lines__agg.InvoiceDate_month))
ORDER BY Country NULLS LAST, InvoiceDate_month NULLS LAST
SETTINGS join_use_nulls = 1