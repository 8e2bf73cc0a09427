// One kanban column: its cards are plain HTML drawn by this component (no NiceGUI element per card), so a board
// of 1,000 work orders stays light. Cards move by HTML5 drag and drop or, on touch screens, by the card's menu.
// The column only asks; Python decides (state machine and service) and answers with new card lists or a shake.
//
// The cards of a column are one HTML string (every value escaped) set as the list's innerHTML, with events
// delegated to the list: a thousand cards as Vue nodes took 1.4 s of script on a 2-core machine, as
// one string per column the browser's parser builds them in about a tenth of that.

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
const icon = (name) => `<i class="material-icons notranslate" aria-hidden="true">${esc(name)}</i>`;

// ``look``: what every card of the column shares — its moves, the priority styles and the link pattern.
function cardHtml(card, look) {
  const priority = look.priorities[card.priority] || { label: card.priority, colour: '#9e9e9e', icon: 'help' };
  const menu = look.moves.length
    ? `<button type="button" class="cmms-card-menu" id="wo-menu-${esc(card.id)}" aria-label="Move ${esc(card.number)}"
         data-menu>${icon('swap_horiz')}</button>`
    : '';
  const asset = card.asset
    ? `<div class="cmms-card-asset" title="${esc(card.asset)}">${icon('precision_manufacturing')}${esc(card.asset)}</div>`
    : '';
  const due = card.completed
    ? `<span class="cmms-card-due" title="${esc('Completed ' + card.completed_exact)}">${icon('task_alt')}${
         esc('Completed ' + card.completed)}</span>`
    : card.due
    ? `<span class="cmms-card-due${card.overdue ? ' overdue' : ''}"
         title="${esc((card.overdue ? 'Overdue — was due ' : 'Due ') + card.due_exact)}">${icon(card.overdue ? 'alarm' : 'event')}${
         card.overdue ? '<span class="cmms-sr">Overdue since </span>' : ''}${esc(card.due)}</span>`
    : '';
  const progress = card.steps
    ? `<span class="cmms-progress" role="progressbar" aria-valuenow="${esc(card.done)}" aria-valuemin="0"
         aria-valuemax="${esc(card.steps)}" title="${esc(card.done)} of ${esc(card.steps)} steps done"><span
         style="width: ${(100 * card.done) / card.steps}%"></span></span>
       <span class="cmms-progress-text">${esc(card.done)}/${esc(card.steps)}</span>`
    : '';
  return `<article class="cmms-card" data-wo-id="${esc(card.id)}" draggable="${look.moves.length > 0}"
      style="border-left-color: ${esc(priority.colour)}" tabindex="0" aria-label="${esc(card.number + ' ' + card.title)}">
    <div class="cmms-card-top"><span class="cmms-card-number">${esc(card.number)}</span>
      <i class="material-icons notranslate cmms-card-priority" style="color: ${esc(priority.colour)}" role="img"
         title="${esc(priority.label)} priority" aria-label="${esc(priority.label)} priority">${esc(priority.icon)}</i>${menu}</div>
    <a class="cmms-card-title" href="${esc(look.href.replace('{id}', card.id))}">${esc(card.title)}</a>${asset}
    <div class="cmms-card-bottom"><span class="cmms-avatar${card.assignee ? '' : ' none'}"
        title="${esc(card.assignee || 'Not assigned')}">${esc(card.initials || '–')}</span>${due}${progress}</div>
  </article>`;
}

export default {
  template: `
    <section class="cmms-kanban-col" :class="{ 'is-collapsed': isCollapsed, 'is-opened': collapsible && !isCollapsed, 'drop-ok': drop === 'ok', 'drop-no': drop === 'no' }"
             role="region" :aria-label="label + ' column'" :data-status="status"
             @dragover="dragOver" @dragleave="dragLeave" @drop="dropped">
      <header class="cmms-kanban-head" :style="{ '--col': colour }" @click="toggle"
              :role="collapsible ? 'button' : null" :tabindex="collapsible ? 0 : null"
              :aria-expanded="collapsible ? String(!isCollapsed) : null"
              @keydown.enter="toggle">
        <i class="material-icons notranslate" aria-hidden="true">{{ icon }}</i>
        <span class="cmms-kanban-label">{{ label }}</span>
        <span class="cmms-kanban-count" :aria-label="total + ' work orders'">{{ total }}</span>
        <i v-if="collapsible" class="material-icons notranslate cmms-kanban-chevron" aria-hidden="true">
          {{ isCollapsed ? 'chevron_left' : 'expand_less' }}</i>
      </header>
      <div v-if="note && !isCollapsed" class="cmms-kanban-note">{{ note }}</div>
      <div v-show="!isCollapsed" class="cmms-kanban-cards">
        <div class="cmms-kanban-list" v-html="cardsHtml" @click="clicked" @keydown.enter="entered"
             @dragstart="dragStart" @dragend="dragEnd"></div>
        <div v-if="!total" class="cmms-kanban-empty">{{ emptyText }}</div>
        <button v-if="cards.length < total" type="button" class="cmms-kanban-more" @click="$emit('more')">
          Show more ({{ total - cards.length }} left)</button>
      </div>
      <q-menu v-if="menuCard" v-model="menuOpen" :target="'#wo-menu-' + menuCard.id" anchor="bottom right"
              self="top right" @hide="menuCard = null">
        <q-list style="min-width: 200px">
          <q-item-label header>Move {{ menuCard.number }} to</q-item-label>
          <q-item v-for="move in moves" :key="move" clickable v-close-popup style="min-height: 44px"
                  :aria-label="'Move to ' + statuses[move].label" @click="ask(menuCard, move)">
            <q-item-section avatar><q-icon :name="statuses[move].icon" :style="{ color: statuses[move].colour }" />
            </q-item-section>
            <q-item-section>{{ statuses[move].label }}</q-item-section>
          </q-item>
        </q-list>
      </q-menu>
    </section>
  `,
  props: {
    status: String,
    label: String,
    icon: String,
    colour: String,
    note: String,
    total: Number,
    cardsJson: String,
    fields: Array,
    moves: Array,
    priorities: Object,
    href: String,
    statuses: Object,
    collapsible: Boolean,
    collapsed: Boolean,
    emptyText: String,
  },
  data() {
    return { drop: null, menuCard: null, menuOpen: false, isCollapsed: this.collapsed };
  },
  computed: {
    cards() {
      // Rows in the order of ``fields`` (CARD_FIELDS in kanban.py) back into objects.
      return JSON.parse(this.cardsJson).map((row) => Object.fromEntries(this.fields.map((name, i) => [name, row[i]])));
    },
    cardsHtml() {
      const look = { moves: this.moves, priorities: this.priorities, href: this.href };
      return this.cards.map((card) => cardHtml(card, look)).join('');
    },
  },
  methods: {
    toggle() {
      // Opening a collapsed column makes every column narrower (CSS, .is-opened) instead of pushing the first
      // ones out of view; where they still do not fit (a tablet) the board keeps its scroll position, so the
      // columns in view stay in view.
      if (!this.collapsible) return;
      const board = this.$el.parentElement;
      const left = board.scrollLeft;
      this.isCollapsed = !this.isCollapsed;
      this.$nextTick(() => (board.scrollLeft = left));
    },
    cardOf(event) {
      const element = event.target.closest('article[data-wo-id]');
      return element && this.cards.find((card) => String(card.id) === element.dataset.woId);
    },
    clicked(event) {
      const card = this.cardOf(event);
      if (!card || event.target.closest('a')) return; // the title is a real link
      if (event.target.closest('[data-menu]')) this.openMenu(card);
      else this.open(card);
    },
    entered(event) {
      const card = this.cardOf(event);
      if (card && event.target.matches('article')) this.open(card);
    },
    open(card) {
      window.location.assign(this.href.replace('{id}', card.id));
    },
    openMenu(card) {
      this.menuOpen = false;
      this.menuCard = card;
      this.$nextTick(() => (this.menuOpen = true));
    },
    ask(card, target) {
      this.mark(card.id, true);
      this.$emit('move', { id: card.id, from: this.status, to: target });
    },
    dragStart(event) {
      const card = this.cardOf(event);
      if (!card) return;
      window.cmmsKanbanDrag = { id: card.id, from: this.status, moves: this.moves };
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData('text/plain', card.number);
      event.target.closest('article').classList.add('is-dragging');
    },
    dragEnd(event) {
      event.target.closest('article')?.classList.remove('is-dragging');
      window.cmmsKanbanDrag = null;
      document.querySelectorAll('.cmms-kanban-col.drop-ok, .cmms-kanban-col.drop-no').forEach((column) => {
        column.classList.remove('drop-ok', 'drop-no');
      });
    },
    dragOver(event) {
      const drag = window.cmmsKanbanDrag;
      if (!drag || drag.from === this.status) return;
      // A forbidden column still takes the drop (its red dashed edge warns), to shake the card back and say why.
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      this.drop = drag.moves.includes(this.status) ? 'ok' : 'no';
    },
    dragLeave(event) {
      if (!this.$el.contains(event.relatedTarget)) this.drop = null;
    },
    dropped(event) {
      const drag = window.cmmsKanbanDrag;
      this.drop = null;
      if (!drag || drag.from === this.status) return;
      event.preventDefault();
      if (drag.moves.includes(this.status)) {
        this.mark(drag.id, true);
        this.$emit('move', { id: drag.id, from: drag.from, to: this.status });
      } else {
        this.shake(drag.id);
        this.$emit('refused', { id: drag.id, from: drag.from, to: this.status });
      }
    },
    mark(id, moving) {
      const card = document.querySelector('[data-wo-id="' + id + '"]');
      if (card) card.classList.toggle('is-moving', moving);
    },
    shake(id) {
      this.mark(id, false);
      const card = document.querySelector('[data-wo-id="' + id + '"]');
      if (!card) return;
      card.classList.remove('is-shaking');
      void card.offsetWidth; // restart the animation when it shakes twice in a row
      card.classList.add('is-shaking');
      setTimeout(() => card.classList.remove('is-shaking'), 650);
    },
  },
};
