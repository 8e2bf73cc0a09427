// One kanban column: its cards are plain HTML drawn by this component (no NiceGUI element per card), so a board
// of 1,000 work orders stays light. Cards move by HTML5 drag and drop or, on touch screens, by the card's menu.
// The column only asks; Python decides (state machine and service) and answers with new card lists or a shake.
export default {
  template: `
    <section class="cmms-kanban-col" :class="{ 'is-collapsed': isCollapsed, 'drop-ok': drop === 'ok', 'drop-no': drop === 'no' }"
             role="region" :aria-label="label + ' column'" :data-status="status"
             @dragover="dragOver" @dragleave="dragLeave" @drop="dropped">
      <header class="cmms-kanban-head" :style="{ '--col': colour }" @click="collapsible && (isCollapsed = !isCollapsed)"
              :role="collapsible ? 'button' : null" :tabindex="collapsible ? 0 : null"
              :aria-expanded="collapsible ? String(!isCollapsed) : null"
              @keydown.enter="collapsible && (isCollapsed = !isCollapsed)">
        <i class="material-icons notranslate" aria-hidden="true">{{ icon }}</i>
        <span class="cmms-kanban-label">{{ label }}</span>
        <span class="cmms-kanban-count" :aria-label="total + ' work orders'">{{ total }}</span>
        <i v-if="collapsible" class="material-icons notranslate cmms-kanban-chevron" aria-hidden="true">
          {{ isCollapsed ? 'chevron_left' : 'expand_less' }}</i>
      </header>
      <div v-if="note && !isCollapsed" class="cmms-kanban-note">{{ note }}</div>
      <div v-show="!isCollapsed" class="cmms-kanban-cards">
        <article v-for="card in cards" :key="card.id" class="cmms-card" :data-wo-id="card.id"
                 :draggable="card.moves.length > 0" :style="{ borderLeftColor: card.pc }" tabindex="0"
                 :aria-label="card.number + ' ' + card.title"
                 @dragstart="dragStart($event, card)" @dragend="dragEnd" @click="open(card)" @keydown.enter="open(card)">
          <div class="cmms-card-top">
            <span class="cmms-card-number">{{ card.number }}</span>
            <i class="material-icons notranslate cmms-card-priority" :style="{ color: card.pc }" role="img"
               :title="card.priority + ' priority'" :aria-label="card.priority + ' priority'">{{ card.pi }}</i>
            <button v-if="card.moves.length" type="button" class="cmms-card-menu" :id="'wo-menu-' + card.id"
                    :aria-label="'Move ' + card.number" @click.stop="openMenu(card)">
              <i class="material-icons notranslate" aria-hidden="true">swap_horiz</i></button>
          </div>
          <a class="cmms-card-title" :href="card.href" @click.stop>{{ card.title }}</a>
          <div v-if="card.asset" class="cmms-card-asset" :title="card.asset">
            <i class="material-icons notranslate" aria-hidden="true">precision_manufacturing</i>{{ card.asset }}</div>
          <div class="cmms-card-bottom">
            <span class="cmms-avatar" :class="{ none: !card.assignee }"
                  :title="card.assignee || 'Not assigned'">{{ card.initials || '–' }}</span>
            <span v-if="card.due" class="cmms-card-due" :class="{ overdue: card.overdue }"
                  :title="(card.overdue ? 'Overdue — was due ' : 'Due ') + card.due_exact">
              <i class="material-icons notranslate" aria-hidden="true">{{ card.overdue ? 'alarm' : 'event' }}</i>
              <span v-if="card.overdue" class="cmms-sr">Overdue since </span>{{ card.due }}</span>
            <template v-if="card.steps">
              <span class="cmms-progress" role="progressbar" :aria-valuenow="card.done" aria-valuemin="0"
                    :aria-valuemax="card.steps" :title="card.done + ' of ' + card.steps + ' steps done'">
                <span :style="{ width: (100 * card.done / card.steps) + '%' }"></span></span>
              <span class="cmms-progress-text">{{ card.done }}/{{ card.steps }}</span>
            </template>
          </div>
        </article>
        <div v-if="!total" class="cmms-kanban-empty">{{ emptyText }}</div>
        <button v-if="cards.length < total" type="button" class="cmms-kanban-more" @click="$emit('more')">
          Show more ({{ total - cards.length }} left)</button>
      </div>
      <q-menu v-if="menuCard" v-model="menuOpen" :target="'#wo-menu-' + menuCard.id" anchor="bottom right"
              self="top right" @hide="menuCard = null">
        <q-list style="min-width: 200px">
          <q-item-label header>Move {{ menuCard.number }} to</q-item-label>
          <q-item v-for="move in menuCard.moves" :key="move" clickable v-close-popup style="min-height: 44px"
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
    cards: Array,
    statuses: Object,
    collapsible: Boolean,
    collapsed: Boolean,
    emptyText: String,
  },
  data() {
    return { drop: null, menuCard: null, menuOpen: false, isCollapsed: this.collapsed };
  },
  methods: {
    open(card) {
      window.location.assign(card.href);
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
    dragStart(event, card) {
      window.cmmsKanbanDrag = { id: card.id, from: this.status, moves: card.moves };
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData('text/plain', card.number);
      event.currentTarget.classList.add('is-dragging');
    },
    dragEnd(event) {
      event.currentTarget.classList.remove('is-dragging');
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
