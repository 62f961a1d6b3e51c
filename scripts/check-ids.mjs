#!/usr/bin/env node
// Checks that every element id the page's JavaScript looks up exists in the page that loads it.
//   node scripts/check-ids.mjs        silent and exit 0 when every id exists; else a list, exit 1
//   node scripts/check-ids.mjs --list also lists every lookup it found and the ids it checked
//
// A page is an HTML file with <script type="module" src=…> (index.html, www/bench.html); its
// JavaScript is that module and every module it imports (www/pkg is generated and skipped). A
// module no page loads is checked against index.html. Looked up means: getElementById('x'),
// querySelector / querySelectorAll / closest / matches with '#x' in the selector, and calls of a
// lookup helper, `const $ = finder(root)` (www/kit.js) or `const $ = (id) => …getElementById(id)`,
// as `$('x')`. An id is checked when it is written as a string, or names a top-level
// `const X = 'x'` of the same file. An id built at run time (a template such as `w2v-${i}`, a
// variable, an expression) cannot be checked: each must be listed in COMPUTED below with why it
// is safe, or it is reported too. No dependencies: the modules are read as text.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The pages, relative to the root. */
const PAGES = ['index.html', 'www/bench.html'];
/** Where the page's own JavaScript lives; generated code under it is skipped. */
const SCRIPTS_DIR = 'www';
const SKIPPED_DIRS = ['www/pkg'];
/** The page whose ids a module that no page loads is checked against. */
const DEFAULT_PAGE = 'index.html';
/** Functions that return a lookup helper: `const $ = finder(section)`. */
const HELPER_FACTORIES = ['finder'];
/** DOM methods taking an id, and those taking a selector (whose `#x` parts are ids). */
const ID_METHODS = ['getElementById'];
const SELECTOR_METHODS = ['querySelector', 'querySelectorAll', 'closest', 'matches'];

/**
 * Lookups whose id is computed, each accepted on purpose: the file, the argument as written, why
 * it is safe, and optionally `ids(source)`, the ids it can take (those are checked).
 */
const COMPUTED = [
  {
    file: 'www/main.js', arg: 'id',
    why: 'startPanels() looks up the ids of PANELS (checked here); route() asks whether an id the address names exists',
    ids: (source) => [...source.matchAll(/\[\s*'([^']+)'\s*,\s*init\w+\s*\]/g)].map((m) => m[1]),
  },
  { file: 'www/main.js', arg: 'address.id', why: 'an id the address names; readAddress() keeps only ids that exist' },
  { file: 'www/main.js', arg: '`${prefix}-${key}`', why: 'hideControls(): a key a link names in hide=; a missing one is a note' },
  { file: 'www/main.js', arg: 'key', why: 'hideControls(): a key a link names in hide=; a missing one is a note' },
  {
    file: 'www/lesson.js', arg: 'id',
    why: 'lessonCard()\'s $(id): the lesson card\'s parts, each written as a string (checked here)',
    ids: (source) => [...source.matchAll(/\$\('([^']+)'\)/g)].map((m) => m[1]),
  },
  {
    file: 'www/lesson.js', arg: 's.look',
    why: 'the element a lesson step points at (www/lessons.js; checked here)',
    ids: () => [...readFileSync(join(ROOT, 'www', 'lessons.js'), 'utf8').matchAll(/look: '([^']+)'/g)].map((m) => m[1]),
  },
];

/** Replaces comments with spaces (keeping line numbers); strings, templates and regexes stay. */
function stripComments(source) {
  let out = '';
  let i = 0;
  /** Stack of open template literals: brace depth of the `${…}` being read in each. */
  const templates = [];
  let previous = '';
  const regexCanStart = () => previous === '' || /[(,=:[!&|?{};+\-*%<>~^]$/.test(previous) || /\b(return|typeof|case|do|else|in|of|void|yield|await)$/.test(previous);
  const blank = (text) => text.replace(/[^\n]/g, ' ');
  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const stop = end < 0 ? source.length : end;
      out += blank(source.slice(i, stop));
      i = stop;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      out += blank(source.slice(i, stop));
      i = stop;
      continue;
    }
    if (c === '\'' || c === '"') {
      const start = i;
      i++;
      while (i < source.length && source[i] !== c && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
      i++;
      out += source.slice(start, i);
      previous = 'x';
      continue;
    }
    if (c === '`') {
      out += c;
      i = readTemplate(i + 1);
      previous = 'x';
      continue;
    }
    if (c === '/' && regexCanStart()) {
      const start = i;
      i++;
      let inClass = false;
      while (i < source.length && source[i] !== '\n') {
        if (source[i] === '\\') { i += 2; continue; }
        if (source[i] === '[') inClass = true;
        else if (source[i] === ']') inClass = false;
        else if (source[i] === '/' && !inClass) break;
        i++;
      }
      i++;
      while (/[a-z]/i.test(source[i] ?? '')) i++;
      out += source.slice(start, i);
      previous = 'x';
      continue;
    }
    if (templates.length) {
      if (c === '{') templates[templates.length - 1]++;
      if (c === '}') {
        if (templates[templates.length - 1] === 0) {
          templates.pop();
          out += c;
          i = readTemplate(i + 1);
          continue;
        }
        templates[templates.length - 1]--;
      }
    }
    out += c;
    if (!/\s/.test(c)) previous = /[\w$]/.test(c) ? (/[\w$]$/.test(previous) ? previous + c : c) : c;
    i++;
  }
  return out;

  /** Copies template text from `at` up to its end or its next `${`; returns where to go on. */
  function readTemplate(at) {
    let j = at;
    while (j < source.length) {
      if (source[j] === '\\') { j += 2; continue; }
      if (source[j] === '`') { out += source.slice(at, j + 1); previous = 'x'; return j + 1; }
      if (source[j] === '$' && source[j + 1] === '{') {
        out += source.slice(at, j + 2);
        templates.push(0);
        previous = '{';
        return j + 2;
      }
      j++;
    }
    out += source.slice(at);
    return source.length;
  }
}

/** The first argument of the call whose `(` ends at `open`: up to a top-level `,` or the `)`. */
function firstArgument(code, open) {
  let depth = 0;
  let quote = null;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '\'' || c === '"' || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c) && depth > 0) depth--;
    else if ((c === ')' || c === ',') && depth === 0) return code.slice(open, i).trim();
  }
  return code.slice(open).trim();
}

/** A string literal's value (a template without `${}` too), or null for anything else. */
function literal(text) {
  const m = /^(['"`])([\s\S]*)\1$/.exec(text);
  if (!m || (m[1] === '`' && m[2].includes('${'))) return null;
  if (m[2].includes(m[1])) return null;
  return m[2].replace(/\\(.)/g, '$1');
}

/** Line number (1-based) of offset `at`. */
function lineOf(code, at) {
  return code.slice(0, at).split('\n').length;
}

/** Escapes `text` for a RegExp. */
function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every id lookup in one module: { line, arg, kind: 'id' | 'selector', helper }. */
function lookups(code) {
  const found = [];
  const helpers = new Set();
  for (const m of code.matchAll(/\bconst\s+([\w$]+)\s*=\s*([\w$]+)\s*\(/g)) {
    if (HELPER_FACTORIES.includes(m[2])) helpers.add(m[1]);
  }
  for (const m of code.matchAll(/\bconst\s+([\w$]+)\s*=\s*\(\s*([\w$]+)\s*\)\s*=>[^\n]*/g)) {
    const [, name, param] = m;
    const body = new RegExp(`\\b(?:${ID_METHODS.join('|')})\\(\\s*${escape(param)}\\s*\\)|\\b(?:${SELECTOR_METHODS.join('|')})\\(\\s*\`#\\$\\{${escape(param)}\\}\`\\s*\\)`);
    if (body.test(m[0])) helpers.add(name);
  }
  const calls = [
    ...ID_METHODS.map((name) => ({ pattern: `\\.${name}\\(`, kind: 'id' })),
    ...SELECTOR_METHODS.map((name) => ({ pattern: `\\.${name}\\(`, kind: 'selector' })),
    ...[...helpers].map((name) => ({ pattern: `(?<![\\w$.])${escape(name)}\\(`, kind: 'id', helper: name })),
  ];
  for (const { pattern, kind, helper } of calls) {
    for (const m of code.matchAll(new RegExp(pattern, 'g'))) {
      const open = m.index + m[0].length;
      const before = code.slice(code.lastIndexOf('\n', m.index) + 1, m.index);
      found.push({ line: lineOf(code, m.index), arg: firstArgument(code, open), kind, helper, before });
    }
  }
  return found;
}

/** True when a lookup is the body of a lookup helper: `(id) => root.querySelector(`#${id}`)`. */
function isHelperBody({ arg, before }) {
  const m = /\(\s*([\w$]+)\s*\)\s*=>\s*[\w$.?]*$/.exec(before);
  return Boolean(m) && (arg === m[1] || arg === `\`#\${${m[1]}}\``);
}

/**
 * The ids a lookup names: { ids, computed } where `computed` lists the parts that are built at
 * run time (a template, a variable, an expression).
 */
function idsOf(lookup, constants) {
  const ids = [];
  const computed = [];
  for (const part of lookup.arg.split(/\s*(?:\?\?|\|\|)\s*/)) {
    let text = literal(part);
    if (text === null && constants.has(part)) text = constants.get(part);
    if (text === null) {
      if (lookup.kind === 'selector' && /^`[\s\S]*`$/.test(part)) {
        // A selector template: its whole `#x` parts are checked; an id running into a `${…}` is computed.
        const statics = part.slice(1, -1).split(/\$\{[^}]*\}/);
        statics.forEach((s, i) => {
          const open = i < statics.length - 1 ? /#[\w-]*$/.exec(s) : null;
          if (open) computed.push(part);
          for (const id of (open ? s.slice(0, open.index) : s).matchAll(/#([A-Za-z_][\w-]*)/g)) ids.push(id[1]);
        });
      } else {
        computed.push(part);
      }
      continue;
    }
    if (lookup.kind === 'id') ids.push(text);
    else for (const id of text.matchAll(/#([A-Za-z_][\w-]*)/g)) ids.push(id[1]);
  }
  return { ids: [...new Set(ids)], computed: [...new Set(computed)] };
}

/** Top-level `const NAME = 'text'` of a module. */
function stringConstants(code) {
  const constants = new Map();
  for (const m of code.matchAll(/^(?:export\s+)?const\s+([\w$]+)\s*=\s*(['"`][^'"`\n]*['"`])\s*;/gm)) {
    const value = literal(m[2]);
    if (value !== null) constants.set(m[1], value);
  }
  return constants;
}

/** The ids a page's markup declares. */
function pageIds(html) {
  return new Set([...html.matchAll(/\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/g)].map((m) => m[1] ?? m[2] ?? m[3]));
}

/** The ids a module gives elements it creates (`id: 'x'` or `.id = 'x'`). */
function createdIds(code) {
  return [...code.matchAll(/(?:\bid\s*:|\.id\s*=)\s*(['"])([^'"\n]+)\1/g)].map((m) => m[2]);
}

/** The relative modules `file` imports or re-exports (generated ones skipped). */
function imports(file, code) {
  const found = [];
  for (const m of code.matchAll(/\b(?:import|export)\s*(?:[^'"`;]*?\bfrom\s*)?(['"])(\.{1,2}\/[^'"]+)\1/g)) {
    const target = relative(ROOT, resolve(dirname(join(ROOT, file)), m[2]));
    if (!SKIPPED_DIRS.some((dir) => target.startsWith(`${dir}/`))) found.push(target);
  }
  return found;
}

/** Every module a page loads, following imports. */
function moduleGraph(page, html, sources) {
  const seen = new Set();
  const queue = [...html.matchAll(/<script\b[^>]*\btype\s*=\s*["']module["'][^>]*\bsrc\s*=\s*["']([^"']+)["']/g)]
    .map((m) => relative(ROOT, m[1].startsWith('/') ? join(ROOT, m[1]) : resolve(dirname(join(ROOT, page)), m[1])));
  while (queue.length) {
    const file = queue.shift();
    if (seen.has(file) || !sources.has(file)) continue;
    seen.add(file);
    queue.push(...imports(file, sources.get(file)));
  }
  return seen;
}

/** The page's JavaScript files, relative to the root. */
function scriptFiles(dir) {
  const files = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = `${dir}/${name}`;
    if (SKIPPED_DIRS.includes(path)) continue;
    if (statSync(join(ROOT, path)).isDirectory()) files.push(...scriptFiles(path));
    else if (/\.m?js$/.test(name)) files.push(path);
  }
  return files;
}

/** Checks every module; returns the problems as lines (`list` prints each lookup as it goes). */
function check(list) {
  const sources = new Map(scriptFiles(SCRIPTS_DIR).map((file) => [file, stripComments(readFileSync(join(ROOT, file), 'utf8'))]));
  const pages = PAGES.map((page) => {
    const html = readFileSync(join(ROOT, page), 'utf8');
    return { page, ids: pageIds(html), modules: moduleGraph(page, html, sources) };
  });
  const problems = [];
  const usedComputed = new Set();
  for (const [file, code] of sources) {
    let loadedBy = pages.filter((p) => p.modules.has(file));
    if (loadedBy.length === 0) loadedBy = pages.filter((p) => p.page === DEFAULT_PAGE);
    const created = createdIds(code);
    const constants = stringConstants(code);
    for (const lookup of lookups(code)) {
      if (isHelperBody(lookup)) continue;
      const { ids, computed } = idsOf(lookup, constants);
      for (const part of computed) {
        const known = COMPUTED.find((c) => c.file === file && c.arg === part);
        if (!known) {
          problems.push(`${file}:${lookup.line}: the id in ${part} is built at run time and cannot be checked: write it as a string, or list it in COMPUTED in scripts/check-ids.mjs with why it is safe`);
          continue;
        }
        usedComputed.add(known);
        ids.push(...(known.ids?.(code) ?? []));
      }
      if (list) console.log(`${file}:${lookup.line} ${lookup.helper ?? lookup.kind}(${lookup.arg}) → ${ids.join(' ') || '(no id)'}${computed.length ? ` (computed: ${computed.join(', ')})` : ''} in ${loadedBy.map((p) => p.page).join(', ')}`);
      for (const id of ids) {
        for (const { page, ids: declared } of loadedBy) {
          if (!declared.has(id) && !created.includes(id)) problems.push(`${file}:${lookup.line}: no element has id "${id}" in ${page}`);
        }
      }
    }
  }
  for (const entry of COMPUTED) {
    if (!usedComputed.has(entry)) problems.push(`scripts/check-ids.mjs: COMPUTED lists ${entry.arg} in ${entry.file}, which no longer looks up an id there: remove the entry`);
  }
  return [...new Set(problems)];
}

const problems = check(process.argv.includes('--list'));
if (problems.length) {
  console.error(`check-ids: ${problems.length} problem${problems.length === 1 ? '' : 's'} with element ids the JavaScript looks up:`);
  for (const line of problems) console.error(`  ${line}`);
  process.exit(1);
}
