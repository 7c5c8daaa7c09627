/**
 * SQL of person erasure on the embedded store (issue 12 #14, see `store/person-erasure.ts`).
 * Id lists arrive as JSON arrays in named parameters ($anon, $users, $emails, $clicks, $orders).
 */
const list = (param: string) => `(SELECT unnest(from_json(${param}, '["VARCHAR"]')))`;
const emailProp = `json_extract_string(properties, '$.email_hash')`;

/** Events of the person: their devices, user ids or e-mail pseudonyms. */
export const personEventsWhere = `workspace_id = $ws AND (anonymous_id IN ${list('$anon')} OR user_id IN ${list('$users')}
  OR (properties LIKE '%email_hash%' AND ${emailProp} IN ${list('$emails')}))`;

/** Every id one step away from the given ones, as (kind, value) rows. */
export const personLinksSql = `
  WITH ev AS (SELECT anonymous_id, user_id, click_id, order_id, ${emailProp} AS email_hash FROM events WHERE ${personEventsWhere})
  SELECT 'anon' AS kind, anonymous_id AS value FROM ev
  UNION SELECT 'user', user_id FROM ev WHERE user_id IS NOT NULL
  UNION SELECT 'email', email_hash FROM ev WHERE email_hash IS NOT NULL
  UNION SELECT 'click', click_id FROM ev WHERE click_id IS NOT NULL
  UNION SELECT 'order', order_id FROM ev WHERE order_id IS NOT NULL
  UNION SELECT 'email', email_hash FROM orders WHERE workspace_id = $ws AND email_hash IS NOT NULL AND customer_id IN ${list('$users')}
  UNION SELECT 'user', customer_id FROM orders WHERE workspace_id = $ws AND email_hash IN ${list('$emails')}
  UNION SELECT 'email', email_hash FROM leads WHERE workspace_id = $ws AND email_hash IS NOT NULL AND user_id IN ${list('$users')}
  UNION SELECT 'user', user_id FROM leads WHERE workspace_id = $ws AND user_id IS NOT NULL AND email_hash IN ${list('$emails')}`;

/** Deletes the person's events, answering one row per event (identify: whether it held traits). */
export const erasePersonEventsSql = `DELETE FROM events WHERE ${personEventsWhere} RETURNING (type = 'custom' AND name = 'identify') AS identify`;

export const erasePersonOrdersSql = `DELETE FROM orders WHERE workspace_id = $ws AND (customer_id IN ${list('$users')}
  OR email_hash IN ${list('$emails')} OR order_id IN ${list('$orders')} OR click_id IN ${list('$clicks')})`;

export const erasePersonLeadsSql = `DELETE FROM leads WHERE workspace_id = $ws AND (user_id IN ${list('$users')}
  OR email_hash IN ${list('$emails')} OR click_id IN ${list('$clicks')})`;

/** Rows of a load that failed half-way may linger in the staging table: they go too. */
export const erasePersonStagingSql = `DELETE FROM events_staging WHERE workspace_id = $ws AND (anonymous_id IN ${list('$anon')} OR user_id IN ${list('$users')})`;
