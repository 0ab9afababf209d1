-- Records (exported once from the store, outside the timing) and the join keys of signals:
-- an email or domain is matched trimmed and lower-cased, to the lowest id that carries it.
CREATE TEMP TABLE accounts AS
SELECT account_id, industry, employees, is_customer, technologies
FROM read_parquet('{records}/accounts.parquet');

CREATE TEMP TABLE contacts AS
SELECT contact_id, account_id, email, seniority, "function", buying_role
FROM read_parquet('{records}/contacts.parquet');

CREATE TEMP TABLE opportunities AS
SELECT * FROM read_parquet('{records}/opportunities.parquet');

CREATE TEMP TABLE email_key AS
SELECT k.key, k.contact_id, c.account_id
FROM (
    SELECT lower(trim(email)) AS key, min(contact_id) AS contact_id
    FROM contacts WHERE email IS NOT NULL GROUP BY 1
) AS k
JOIN contacts AS c USING (contact_id);

CREATE TEMP TABLE domain_key AS
SELECT lower(trim(domain)) AS key, min(account_id) AS account_id
FROM read_parquet('{records}/account_domains.parquet')
WHERE domain IS NOT NULL
GROUP BY 1;
