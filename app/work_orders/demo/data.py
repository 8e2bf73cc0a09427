"""Catalogues for the work-order demo: technicians, checklists, templates, failure codes and the parts store.

Plain data only; ``app.work_orders.demo`` turns it into rows. Step tuples are (title, kind, min, max, unit).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.work_orders.enums import Priority, WorkType

# fmt: off
# (name, home site index, trade, hourly rate in EUR/USD); small demos take the first three per site.
TECHNICIANS = [
    ('Hannes Becker', 0, 'Mechanical', 54), ('Jonas Weber', 0, 'Electrical', 57), ('Lena Fischer', 0, 'HVAC', 55),
    ('Camille Martin', 1, 'Mechanical', 51), ('Lucas Bernard', 1, 'Electrical', 53), ('Chloé Dubois', 1, 'HVAC', 52),
    ('Marcus Johnson', 2, 'Mechanical', 48), ('Emily Davis', 2, 'Electrical', 50),
    ('Carlos Rivera', 2, 'Utilities', 47),
    ('Stefan Wagner', 0, 'Utilities', 53), ('Mia Hoffmann', 0, 'Mechanical', 52), ('Ali Yilmaz', 0, 'Electrical', 56),
    ('Paul Schulz', 0, 'Mechanical', 51), ('Hugo Laurent', 1, 'Utilities', 50), ('Manon Petit', 1, 'Mechanical', 49),
    ('Nathan Moreau', 1, 'Electrical', 54), ('Inès Girard', 1, 'HVAC', 52), ('Tyler Brooks', 2, 'HVAC', 49),
    ('Ashley Nguyen', 2, 'Mechanical', 48), ('Jamal Carter', 2, 'Electrical', 51),
    ('Olivia Baker', 2, 'Mechanical', 47),
]
TINA_RATE = 56
# fmt: on

C, N, T, P = 'checkbox', 'number', 'text', 'pass_fail'
LOTO = ('Isolate and lock out (LOTO), verify zero energy', C, None, None, '')
NOTES = ('Notes for the next visit', T, None, None, '')

STEPS: dict[str, list[tuple]] = {
    'pump_pm': [
        LOTO,
        ('Mechanical seal: no visible leakage', P, None, None, ''),
        ('Drive-end bearing vibration', N, 0, 4.5, 'mm/s'),
        ('Motor current at duty point', N, 0, 32, 'A'),
        ('Coupling alignment and guard fitted', P, None, None, ''),
        ('Regrease motor bearings', C, None, None, ''),
        ('Discharge pressure', N, 2.0, 6.0, 'bar'),
        NOTES,
    ],
    'compressor_pm': [
        LOTO,
        ('Replace air intake filter', C, None, None, ''),
        ('Replace oil filter', C, None, None, ''),
        ('Oil level in sight glass', P, None, None, ''),
        ('Check drive belt tension', P, None, None, ''),
        ('Drain condensate, test auto drain', C, None, None, ''),
        ('Element outlet temperature', N, 60, 105, '°C'),
        ('Unload pressure', N, 6.5, 8.0, 'bar'),
        NOTES,
    ],
    'ahu_pm': [
        LOTO,
        ('Replace panel pre-filters (G4)', C, None, None, ''),
        ('Bag filter differential pressure', N, 0, 250, 'Pa'),
        ('Fan belt tension and wear', P, None, None, ''),
        ('Clean condensate tray and trap', C, None, None, ''),
        ('Damper actuators stroke fully', P, None, None, ''),
        ('Supply air temperature', N, 14, 24, '°C'),
        NOTES,
    ],
    'chiller_pm': [
        ('Log suction and discharge pressures', C, None, None, ''),
        ('Leak test with detector', P, None, None, ''),
        ('Condenser approach temperature', N, 0, 6, 'K'),
        ('Compressor oil level', P, None, None, ''),
        ('Chilled water outlet temperature', N, 5, 8, '°C'),
        ('Clean condenser coils', C, None, None, ''),
        NOTES,
    ],
    'boiler_pm': [
        ('Burner flame pattern correct', P, None, None, ''),
        ('Flue gas O2', N, 2.0, 5.0, '%'),
        ('Flue gas temperature', N, 120, 220, '°C'),
        ('Test low-water cut-out', P, None, None, ''),
        ('Safety valve lifts and reseats', P, None, None, ''),
        ('Blow down gauge glass', C, None, None, ''),
        NOTES,
    ],
    'conveyor_pm': [
        LOTO,
        ('Belt tracking and splice condition', P, None, None, ''),
        ('Gearbox oil level', P, None, None, ''),
        ('Gearbox housing temperature', N, 20, 80, '°C'),
        ('Lubricate chain and bearings', C, None, None, ''),
        ('Emergency pull-cord stops the line', P, None, None, ''),
        NOTES,
    ],
    'forklift_check': [
        ('Forks, chains and mast: no cracks or wear', P, None, None, ''),
        ('Hydraulic oil level', P, None, None, ''),
        ('Brakes and parking brake', P, None, None, ''),
        ('Horn, lights and beacon', P, None, None, ''),
        ('Battery state of charge', N, 30, 100, '%'),
        ('Tyre wear', P, None, None, ''),
        NOTES,
    ],
    'inspection': [
        ('Walk-round: guards, labels, housekeeping', P, None, None, ''),
        ('Unusual noise or smell', P, None, None, ''),
        ('Surface temperature (IR)', N, 10, 70, '°C'),
        ('Leaks (oil, water, air)', P, None, None, ''),
        NOTES,
    ],
    'lubrication': [
        ('Clean grease nipples', C, None, None, ''),
        ('Apply grease to plan (grams per point)', C, None, None, ''),
        ('Top up gearbox oil', C, None, None, ''),
        ('Bearing temperature after run-in', N, 20, 70, '°C'),
    ],
    'calibration': [
        ('Record as-found reading at 0 %', N, -0.5, 0.5, '%'),
        ('Record as-found reading at 100 %', N, 99.5, 100.5, '%'),
        ('Adjust zero and span', C, None, None, ''),
        ('As-left within tolerance', P, None, None, ''),
        ('Attach calibration sticker', C, None, None, ''),
    ],
    'corrective': [
        LOTO,
        ('Find and fix the fault', C, None, None, ''),
        ('Test run under load', P, None, None, ''),
        ('Hand back to production', C, None, None, ''),
    ],
}


@dataclass(frozen=True)
class Plan:
    """A recurring job on a kind of machine: template key, interval in days, work type."""

    template: str
    every_days: int
    work_type: WorkType


@dataclass(frozen=True)
class TemplateSpec:
    name: str
    title: str  # '{asset}' is replaced by the asset name
    work_type: WorkType
    priority: Priority
    hours: float
    steps: str
    parts: tuple[str, ...]  # part families planned (first item of the family at the site)
    team: str


# fmt: off
TEMPLATES: dict[str, TemplateSpec] = {
    'pump_pm': TemplateSpec('Pump PM (quarterly)', 'Quarterly PM — {asset}', WorkType.PREVENTIVE, Priority.MEDIUM,
                            2.0, 'pump_pm', ('grease',), 'Mechanical'),
    'compressor_pm': TemplateSpec('Compressor service (2,000 h)', '2,000 h service — {asset}', WorkType.PREVENTIVE,
                                  Priority.HIGH, 3.5, 'compressor_pm', ('air_filter', 'oil_filter', 'comp_oil'),
                                  'Mechanical'),
    'ahu_pm': TemplateSpec('AHU PM (filters and belts)', 'Filter and belt PM — {asset}', WorkType.PREVENTIVE,
                           Priority.MEDIUM, 2.5, 'ahu_pm', ('panel_filter',), 'HVAC'),
    'chiller_pm': TemplateSpec('Chiller seasonal service', 'Seasonal service — {asset}', WorkType.PREVENTIVE,
                               Priority.HIGH, 4.0, 'chiller_pm', (), 'HVAC'),
    'boiler_pm': TemplateSpec('Boiler annual service', 'Burner and safety service — {asset}', WorkType.PREVENTIVE,
                              Priority.HIGH, 5.0, 'boiler_pm', ('gasket',), 'Utilities'),
    'conveyor_pm': TemplateSpec('Conveyor PM (monthly)', 'Monthly PM — {asset}', WorkType.PREVENTIVE,
                                Priority.MEDIUM, 1.5, 'conveyor_pm', ('gear_oil',), 'Mechanical'),
    'forklift_check': TemplateSpec('Forklift safety check', 'Safety check — {asset}', WorkType.INSPECTION,
                                   Priority.HIGH, 0.75, 'forklift_check', (), 'Mechanical'),
    'inspection': TemplateSpec('Route inspection', 'Route inspection — {asset}', WorkType.INSPECTION, Priority.LOW,
                               0.5, 'inspection', (), 'Operations'),
    'lubrication': TemplateSpec('Lubrication round', 'Lubrication — {asset}', WorkType.LUBRICATION, Priority.LOW,
                                0.75, 'lubrication', ('grease',), 'Mechanical'),
    'calibration': TemplateSpec('Instrument calibration', 'Calibrate instruments — {asset}', WorkType.CALIBRATION,
                                Priority.MEDIUM, 1.5, 'calibration', (), 'Electrical'),
    'cleaning': TemplateSpec('Deep clean', 'Deep clean — {asset}', WorkType.CLEANING, Priority.LOW, 2.0,
                             'inspection', (), 'Operations'),
    'vibration': TemplateSpec('Vibration route (predictive)', 'Vibration analysis — {asset}', WorkType.PREDICTIVE,
                              Priority.MEDIUM, 0.5, 'inspection', (), 'Reliability'),
}

# Recurring plans per machine kind (the code's middle part: HAM-PMP-0001 → PMP).
PLANS: dict[str, list[Plan]] = {
    'PMP': [Plan('pump_pm', 91, WorkType.PREVENTIVE), Plan('inspection', 30, WorkType.INSPECTION),
            Plan('vibration', 61, WorkType.PREDICTIVE)],
    'CMP': [Plan('compressor_pm', 91, WorkType.PREVENTIVE), Plan('lubrication', 30, WorkType.LUBRICATION),
            Plan('inspection', 14, WorkType.INSPECTION), Plan('calibration', 365, WorkType.CALIBRATION),
            Plan('vibration', 91, WorkType.PREDICTIVE)],
    'CHL': [Plan('chiller_pm', 182, WorkType.PREVENTIVE), Plan('inspection', 30, WorkType.INSPECTION),
            Plan('calibration', 365, WorkType.CALIBRATION)],
    'BLR': [Plan('boiler_pm', 365, WorkType.PREVENTIVE), Plan('inspection', 14, WorkType.INSPECTION),
            Plan('calibration', 182, WorkType.CALIBRATION)],
    'CNV': [Plan('conveyor_pm', 30, WorkType.PREVENTIVE), Plan('lubrication', 30, WorkType.LUBRICATION),
            Plan('cleaning', 91, WorkType.CLEANING)],
    'AHU': [Plan('ahu_pm', 91, WorkType.PREVENTIVE), Plan('cleaning', 182, WorkType.CLEANING),
            Plan('calibration', 365, WorkType.CALIBRATION)],
    'FLT': [Plan('forklift_check', 30, WorkType.INSPECTION), Plan('lubrication', 91, WorkType.LUBRICATION)],
    'LIN': [Plan('inspection', 30, WorkType.INSPECTION), Plan('calibration', 182, WorkType.CALIBRATION)],
}
MACHINE_NOUN = {'PMP': 'pump', 'CMP': 'compressor', 'CHL': 'chiller', 'BLR': 'boiler', 'CNV': 'conveyor',
                'AHU': 'air handler', 'FLT': 'forklift', 'LIN': 'line', 'MTR': 'motor', 'BRG': 'bearing',
                'GBX': 'gearbox'}

# Failure codes (ISO 14224 style): problem → likely causes → remedies, plus the part families the repair uses.
FAILURES: dict[str, list[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]]] = {
    'PMP': [('Seal leaking', ('Seal face wear', 'Dry running', 'Misalignment'), ('Replaced seal', 'Realigned'),
             ('mech_seal', 'o_ring')),
            ('Abnormal vibration', ('Bearing wear', 'Misalignment', 'Cavitation'), ('Replaced bearing', 'Realigned'),
             ('bearing',)),
            ('Low flow / low pressure', ('Impeller wear', 'Blocked strainer', 'Air ingress'), ('Cleaned strainer',
             'Replaced impeller'), ()),
            ('Motor trips', ('Overload', 'Insulation breakdown', 'Loose connection'), ('Tightened terminals',
             'Replaced contactor'), ('fuse', 'contactor'))],
    'CMP': [('High discharge temperature', ('Blocked cooler', 'Low oil level', 'Faulty thermostatic valve'),
             ('Cleaned cooler', 'Topped up oil', 'Replaced valve'), ('comp_oil',)),
            ('Oil carry-over', ('Separator element saturated', 'Scavenge line blocked'), ('Replaced separator',),
             ('separator',)),
            ('Fails to load', ('Solenoid valve fault', 'Pressure sensor drift'), ('Replaced solenoid',
             'Recalibrated sensor'), ('sensor',)),
            ('Belt squeal', ('Belt worn', 'Low tension'), ('Replaced belts', 'Adjusted tension'), ('v_belt',))],
    'CHL': [('Low refrigerant charge', ('Leak at flare joint', 'Vibration fatigue'), ('Repaired leak, recharged',),
             ('refrigerant', 'filter_drier')),
            ('High head pressure', ('Fouled condenser', 'Condenser fan failure'), ('Cleaned coils', 'Replaced fan '
             'motor'), ('fuse',))],
    'BLR': [('Burner lockout', ('Ignition electrode worn', 'Flame sensor dirty'), ('Replaced electrode',
             'Cleaned sensor'), ('electrode',)),
            ('Water leak at manhole', ('Gasket failure',), ('Replaced gasket',), ('gasket',))],
    'CNV': [('Belt misalignment', ('Worn return idler', 'Material build-up'), ('Replaced idler', 'Cleaned and '
             'realigned'), ('roller',)),
            ('Chain broken', ('Fatigue', 'Lubrication deficiency'), ('Replaced chain',), ('chain',)),
            ('Gearbox noise', ('Bearing wear', 'Low oil level'), ('Replaced bearing', 'Topped up oil'),
             ('bearing', 'gear_oil')),
            ('Photo-eye not detecting', ('Dirty lens', 'Sensor failure'), ('Cleaned lens', 'Replaced sensor'),
             ('sensor',))],
    'AHU': [('Fan belt broken', ('Belt worn', 'Misaligned pulleys'), ('Replaced belts', 'Realigned pulleys'),
             ('v_belt',)),
            ('High filter pressure drop', ('Filters clogged',), ('Replaced filters',), ('bag_filter',)),
            ('Motor overheating', ('Bearing wear', 'Blocked cooling fins'), ('Replaced bearing', 'Cleaned motor'),
             ('bearing',))],
    'FLT': [('Hydraulic leak', ('Hose chafed', 'Seal worn'), ('Replaced hose', 'Replaced seal kit'),
             ('hyd_oil', 'o_ring')),
            ('Brakes weak', ('Pads worn', 'Air in brake line'), ('Replaced pads', 'Bled brakes'), ('brake_pad',)),
            ('Tyre damaged', ('Debris on floor',), ('Replaced tyre',), ('tyre',))],
    'LIN': [('Line stop — drive fault', ('Encoder cable damaged', 'Drive overheating'), ('Replaced cable',
             'Cleaned drive fan'), ('fuse', 'sensor')),
            ('Guard interlock fault', ('Switch misaligned', 'Switch failure'), ('Adjusted switch', 'Replaced switch'),
             ('sensor',))],
    'MTR': [('Motor overheating', ('Blocked cooling fins', 'Bearing wear', 'Phase imbalance'), ('Cleaned motor',
             'Replaced bearing', 'Tightened terminals'), ('bearing',)),
            ('Motor trips on overload', ('Insulation breakdown', 'Loose connection'), ('Rewound motor',
             'Tightened terminals'), ('fuse', 'contactor'))],
    'BRG': [('Bearing noise above limit', ('Lubrication deficiency', 'Contamination', 'Fatigue'), ('Replaced bearing',
             'Regreased'), ('bearing', 'grease'))],
    'GBX': [('Gearbox oil leak', ('Shaft seal worn',), ('Replaced shaft seal',), ('shaft_seal', 'gear_oil')),
            ('Gearbox noise', ('Tooth wear', 'Low oil level'), ('Topped up oil', 'Replaced bearing'),
             ('gear_oil', 'bearing'))],
}

# fmt: on


REQUESTERS = ('Line operator, shift A', 'Line operator, shift B', 'Line operator, night shift', 'Production lead',
              'Quality inspector', 'Facility manager', 'Safety officer')  # fmt: skip
HOLD_REASONS = ('Waiting for parts', 'Waiting for a production stop', 'Waiting for the contractor',
                'Needs a second person', 'Permit to work pending')  # fmt: skip
CANCEL_REASONS = ('Duplicate request', 'Asset out of service', 'Covered by another work order',
                  'Not a fault: operating error')  # fmt: skip
STEP_NOTES = ('No findings', 'Slight oil mist at the coupling guard — keep an eye on it',
              'Two grease nipples replaced', 'Area cleaned, guard bolts tightened', 'Runs warm but within limits',
              'Label faded — new one ordered')  # fmt: skip
