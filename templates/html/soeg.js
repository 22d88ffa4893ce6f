// The search page's script: searches the site's Pagefind index (./pagefind/) with the filters udvalg, aar and art, and lists each result with a link to its page and to its PDF.
//
// A classic script, not a module (a module is refused from file://); it
// imports Pagefind's module only over http(s). Progressive enhancement: the page says what search needs and works as a
// page without this script; the form is shown only once the index loads.
// The query is kept in the address (?q=…&udvalg=…), so a search can be
// bookmarked and the back button works. Result text is inserted as text:
// only Pagefind's <mark> around the words found is kept as markup.

'use strict';

// A block of its own: nothing of this script reaches the page's global scope.
{
const form = document.getElementById('soeg');
const input = document.getElementById('soeg-ord');
const status = document.getElementById('soeg-status');
const list = document.getElementById('soeg-resultater');
const requirement = document.getElementById('soeg-krav');
const selects = {
  udvalg: document.getElementById('soeg-udvalg'),
  aar: document.getElementById('soeg-aar'),
  art: document.getElementById('soeg-art'),
};
const KINDS = {
  dagsorden: 'Dagsorden',
  referat: 'Referat',
  bilag: 'Bilag',
  notat: 'Notat',
  'tillæg': 'Tillæg til referat',
};

/** The excerpt as nodes: text, and the words found in <mark>. */
function excerptNodes(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, 'text/html');
  const out = document.createElement('p');
  for (const node of parsed.body.firstChild.childNodes) {
    if (node.nodeType === Node.ELEMENT_NODE && node.localName === 'mark') {
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      out.append(mark);
    } else {
      out.append(document.createTextNode(node.textContent));
    }
  }
  return out;
}

function link(href, text) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  return a;
}

function fillFilter(select, counts, order) {
  const names = Object.keys(counts).sort(order);
  for (const name of names) {
    const option = document.createElement('option');
    option.value = name;
    option.textContent = `${KINDS[name] ?? name} (${counts[name]})`;
    select.append(option);
  }
}

function chosenFilters() {
  const filters = {};
  for (const [key, select] of Object.entries(selects)) {
    if (select.value) filters[key] = select.value;
  }
  return filters;
}

function showResult(data) {
  const li = document.createElement('li');
  const heading = document.createElement('h2');
  heading.append(link(data.meta.side || data.url, data.meta.title || data.url));
  li.append(heading);
  const about = document.createElement('p');
  about.className = 'note';
  about.textContent = [KINDS[data.meta.art] ?? data.meta.art, data.meta.moede].filter(Boolean).join(' · ');
  li.append(about);
  li.append(excerptNodes(data.excerpt || ''));
  if (data.meta.pdf) {
    const p = document.createElement('p');
    p.append(link(data.meta.pdf, `Åbn ${data.meta.pdfnavn || 'PDF'}`));
    li.append(p);
  }
  return li;
}

async function run(pagefind) {
  const term = input.value.trim();
  const filters = chosenFilters();
  const params = new URLSearchParams();
  if (term) params.set('q', term);
  for (const [k, v] of Object.entries(filters)) params.set(k, v);
  const query = params.toString();
  history.replaceState(null, '', query ? `?${query}` : location.pathname);
  list.replaceChildren();
  if (!term && Object.keys(filters).length === 0) {
    status.textContent = 'Skriv et søgeord, eller vælg et udvalg, et år eller en slags dokument.';
    return;
  }
  status.textContent = 'Søger …';
  const search = await pagefind.search(term || null, { filters });
  const shown = search.results.slice(0, 50);
  const data = await Promise.all(shown.map((r) => r.data()));
  list.replaceChildren(...data.map(showResult));
  const n = search.results.length;
  const what = term ? ` for »${term}«` : '';
  status.textContent = n === 0
    ? `Ingen resultater${what}.`
    : `${n} ${n === 1 ? 'resultat' : 'resultater'}${what}${n > shown.length ? `; de første ${shown.length} vises` : ''}.`;
}

async function main() {
  if (location.protocol === 'file:') {
    status.textContent = 'Søgningen virker ikke, når siden er åbnet direkte fra disken: sitet skal vises over http eller https.';
    return;
  }
  let pagefind;
  try {
    pagefind = await import('./pagefind/pagefind.js');
    await pagefind.options({ excerptLength: 24 });
    await pagefind.init();
  } catch (e) {
    status.textContent = 'Søgningen kunne ikke indlæses.';
    console.error(e);
    return;
  }
  const filters = await pagefind.filters();
  const danish = new Intl.Collator('da').compare;
  fillFilter(selects.udvalg, filters.udvalg ?? {}, danish);
  fillFilter(selects.aar, filters.aar ?? {}, (a, b) => b.localeCompare(a));
  fillFilter(selects.art, filters.art ?? {}, (a, b) => Object.keys(KINDS).indexOf(a) - Object.keys(KINDS).indexOf(b));
  const params = new URLSearchParams(location.search);
  input.value = params.get('q') ?? '';
  for (const [key, select] of Object.entries(selects)) {
    const wanted = params.get(key);
    if (wanted && [...select.options].some((o) => o.value === wanted)) select.value = wanted;
  }
  requirement.hidden = true;
  form.hidden = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(pagefind);
  });
  for (const select of Object.values(selects)) select.addEventListener('change', () => run(pagefind));
  if (params.toString()) await run(pagefind);
}

main();
}
